package dev.cognitomerge.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the decision, one behaviour per test. No Cognito, no Quarkus: plain records in, a step out. */
class LinkRulesTest {

    static final String POOL = "us-east-1_Pool";
    static final String SUBJECT = "U2aBcDeF1gHiJkLmN0pQ";
    static final FederatedIdentity DESCOPE = new FederatedIdentity("Descope", SUBJECT);
    static final Search SEARCH = new Search(DESCOPE, "jane@example.com");

    static final LinkPolicy DEFAULTS = new LinkPolicy(List.of("Descope"), Optional.empty(), true, false,
            FailureAction.REFUSE, FailureAction.REFUSE);

    final LinkRules rules = new LinkRules(DEFAULTS);

    static SignUpAttempt external(String userName, Map<String, String> attributes) {
        return new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, POOL, userName, attributes);
    }

    static Map<String, String> verified(String email) {
        return Map.of("email", email, "email_verified", "true");
    }

    static Candidate owner(String username) {
        return new Candidate(username, "CONFIRMED", true, "jane@example.com", true, List.of());
    }

    static Candidate withStatus(String status) {
        return new Candidate("u-" + status, status, true, "jane@example.com", true, List.of());
    }

    static Verdict verdict(Step step) {
        assertThat(step).isInstanceOf(Verdict.class);
        return (Verdict) step;
    }

    @Nested
    class Triage {

        @Test
        void searchesForAVerifiedEmailFromAConfiguredProvider() {
            Step step = rules.triage(external("Descope_" + SUBJECT, verified("jane@example.com")));

            assertThat(step).isEqualTo(new Search(DESCOPE, "jane@example.com", true));
        }

        @ParameterizedTest
        @ValueSource(strings = {"PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "", "PreSignUp_externalprovider"})
        void passesOtherTriggerSourcesThrough(String triggerSource) {
            Step step = rules.triage(new SignUpAttempt(triggerSource, POOL, "Descope_" + SUBJECT,
                    verified("jane@example.com")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NOT_EXTERNAL_PROVIDER));
        }

        @Test
        void passesAMissingTriggerSourceThrough() {
            Step step = rules.triage(new SignUpAttempt(null, POOL, "Descope_" + SUBJECT, verified("jane@example.com")));

            assertThat(verdict(step).reason()).isEqualTo(Reason.NOT_EXTERNAL_PROVIDER);
        }

        @Test
        void recognisesTheProviderCaseInsensitivelyAndLinksWithTheConfiguredSpelling() {
            Step step = rules.triage(external("descope_" + SUBJECT.toLowerCase(), verified("jane@example.com")));

            assertThat(step).isEqualTo(new Search(new FederatedIdentity("Descope", SUBJECT.toLowerCase()),
                    "jane@example.com", true));
        }

        @Test
        void splitsUserNameOnTheFirstUnderscoreOnly() {
            Step step = rules.triage(external("Descope_abc_def_", verified("jane@example.com")));

            assertThat(((Search) step).identity().subject()).isEqualTo("abc_def_");
        }

        @Test
        void passesAnUnconfiguredProviderThroughWithoutACall() {
            Step step = rules.triage(external("Google_1234", verified("jane@example.com")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.UNKNOWN_PROVIDER));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "Descope", "Descope_", "_abc", "noseparator"})
        void neverLinksAMalformedUserName(String userName) {
            Step step = rules.triage(external(userName, verified("jane@example.com")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.MALFORMED_USERNAME));
        }

        @Test
        void neverLinksWithoutAUserName() {
            assertThat(verdict(rules.triage(external(null, verified("jane@example.com")))).reason())
                    .isEqualTo(Reason.MALFORMED_USERNAME);
        }

        @Test
        void neverLinksWithoutAPoolId() {
            Step step = rules.triage(new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, " ", "Descope_" + SUBJECT,
                    verified("jane@example.com")));

            assertThat(verdict(step).reason()).isEqualTo(Reason.POOL_ID_MISSING);
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "False", "", "yes", "1"})
        void neverLinksAnEmailTheIdpDidNotVerify(String emailVerified) {
            Step step = rules.triage(external("Descope_" + SUBJECT,
                    Map.of("email", "jane@example.com", "email_verified", emailVerified)));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.EMAIL_NOT_VERIFIED));
        }

        @Test
        void neverLinksWhenEmailVerifiedIsMissing() {
            Step step = rules.triage(external("Descope_" + SUBJECT, Map.of("email", "jane@example.com")));

            assertThat(verdict(step).reason()).isEqualTo(Reason.EMAIL_NOT_VERIFIED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", " true "})
        void acceptsTrueInAnyCase(String emailVerified) {
            Step step = rules.triage(external("Descope_" + SUBJECT,
                    Map.of("email", "jane@example.com", "email_verified", emailVerified)));

            assertThat(step).isInstanceOf(Search.class);
        }

        @Test
        void linksUnverifiedEmailsOnlyWhenTheOperatorTurnedTheCheckOff() {
            LinkRules lax = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), false, false,
                    FailureAction.REFUSE, FailureAction.REFUSE));

            Step step = lax.triage(external("Descope_" + SUBJECT, Map.of("email", "jane@example.com")));

            assertThat(step).isInstanceOf(Search.class);
        }

        @Test
        void neverLinksWithoutAnEmail() {
            Step step = rules.triage(external("Descope_" + SUBJECT, Map.of("email_verified", "true")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.EMAIL_MISSING));
        }

        @ParameterizedTest
        @ValueSource(strings = {"jane", "@example.com", "jane@", "a@b@c", "jane\n@example.com", "jane@exa\u0000mple.com"})
        void neverSearchesForSomethingThatIsNotAnEmail(String email) {
            Step step = rules.triage(external("Descope_" + SUBJECT, verified(email)));

            assertThat(verdict(step).reason()).isEqualTo(Reason.EMAIL_INVALID);
        }

        @Test
        void skipsAnEmailWhoseFilterWouldExceedCognitosLimit() {
            String email = "a".repeat(240) + "@example.com"; // 252 + len(email = "") > 256

            Step step = rules.triage(external("Descope_" + SUBJECT, verified(email)));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.EMAIL_TOO_LONG));
        }

        @Test
        void countsEscapesTowardsTheFilterLimit() {
            // 120 quotes become 240 characters once escaped, plus 'email = ""' and the domain.
            String email = "\"".repeat(120) + "@example.com";

            assertThat(verdict(rules.triage(external("Descope_" + SUBJECT, verified(email)))).reason())
                    .isEqualTo(Reason.EMAIL_TOO_LONG);
        }

        @Test
        void skipsASubjectCognitoWouldRejectAsTooLong() {
            Step step = rules.triage(external("Descope_" + "x".repeat(110), verified("jane@example.com")));

            assertThat(verdict(step).reason()).isEqualTo(Reason.SUBJECT_TOO_LONG);
        }

        @Test
        void searchesWhenTheSourceIsExactlyTheLongestCognitoAccepts() {
            // "Descope" (7) + "Cognito_Subject" (15) + 106 = 128 (docs/cognito-facts.md#source-length)
            String subject = "x".repeat(106);

            Step step = rules.triage(external("Descope_" + subject, verified("jane@example.com")));

            assertThat(step).isEqualTo(new Search(new FederatedIdentity("Descope", subject), "jane@example.com", true));
        }

        @Test
        void skipsTheSourceOneCharacterPastTheLimit() {
            Step step = rules.triage(external("Descope_" + "x".repeat(107), verified("jane@example.com")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.SUBJECT_TOO_LONG));
        }
    }

    @Nested
    class SubjectAttribute {

        final LinkRules mapped = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.of("custom:idp_sub"),
                true, false, FailureAction.REFUSE, FailureAction.REFUSE));

        @Test
        void takesTheExactSubjectFromTheMappedAttributeWhenUserNameWasLowerCased() {
            Map<String, String> attributes = new HashMap<>(verified("jane@example.com"));
            attributes.put("custom:idp_sub", SUBJECT);

            Step step = mapped.triage(external("descope_" + SUBJECT.toLowerCase(), attributes));

            assertThat(((Search) step).identity()).isEqualTo(DESCOPE);
        }

        @Test
        void neverLinksWhenTheMappedAttributeIsMissing() {
            Step step = mapped.triage(external("Descope_" + SUBJECT, verified("jane@example.com")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.SUBJECT_MISSING));
        }

        @Test
        void neverLinksASubjectThatIsNotTheOneSigningIn() {
            Map<String, String> attributes = new HashMap<>(verified("jane@example.com"));
            attributes.put("custom:idp_sub", "U2SomeoneElse");

            Step step = mapped.triage(external("Descope_" + SUBJECT, attributes));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.SUBJECT_MISMATCH));
        }
    }

    @Nested
    class Choose {

        @Test
        void linksTheOneConfirmedEnabledVerifiedOwner() {
            Step step = rules.choose(SEARCH, List.of(owner("jane")));

            // merge.protected-accounts=mfa by default: the owner's MFA state is read before the link
            assertThat(step).isEqualTo(new Inspect(DESCOPE, "jane", false));
        }

        @Test
        void comparesEmailsCaseInsensitively() {
            Search search = new Search(DESCOPE, "Jane@Example.COM");

            assertThat(rules.choose(search, List.of(owner("jane")))).isEqualTo(new Inspect(DESCOPE, "jane", false));
        }

        @Test
        void continuesWhenNobodyOwnsTheEmail() {
            assertThat(verdict(rules.choose(SEARCH, List.of())))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NO_CANDIDATE));
        }

        @Test
        void ignoresUsersWhoseEmailIsNotExactlyTheSame() {
            // A prefix or case-folding search could return these; only an equal email counts.
            Candidate other = new Candidate("jo", "CONFIRMED", true, "jane@example.com.evil", true, List.of());
            Candidate noEmail = new Candidate("x", "CONFIRMED", true, null, true, List.of());

            assertThat(verdict(rules.choose(SEARCH, List.of(other, noEmail))).reason()).isEqualTo(Reason.NO_CANDIDATE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED", "ARCHIVED", "COMPROMISED",
                "UNKNOWN"})
        void neverLinksToAUserWhoIsNotConfirmed(String status) {
            Step step = rules.choose(SEARCH, List.of(withStatus(status)));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverLinksToAFederatedOnlyUser() {
            Step step = rules.choose(SEARCH, List.of(withStatus("EXTERNAL_PROVIDER")));

            assertThat(verdict(step)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NO_CANDIDATE));
        }

        @Test
        void neverLinksToAUserWhoNeverVerifiedTheEmail() {
            Candidate unverified = new Candidate("jane", "CONFIRMED", true, "jane@example.com", false, List.of());

            assertThat(verdict(rules.choose(SEARCH, List.of(unverified))))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_EMAIL_NOT_VERIFIED));
        }

        @Test
        void refusesWhenTheOnlyOwnerIsDisabled() {
            Candidate disabled = new Candidate("dana", "CONFIRMED", false, "jane@example.com", true, List.of());

            assertThat(verdict(rules.choose(SEARCH, List.of(disabled))))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.CANDIDATE_DISABLED, "dana"));
        }

        @Test
        void refusesWhenTwoAccountsOwnTheEmail() {
            assertThat(verdict(rules.choose(SEARCH, List.of(owner("a"), owner("b")))))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.AMBIGUOUS));
        }

        @Test
        void treatsADisabledSecondOwnerAsAmbiguousNotAsALinkToTheOther() {
            Candidate disabled = new Candidate("b", "CONFIRMED", false, "jane@example.com", true, List.of());

            assertThat(verdict(rules.choose(SEARCH, List.of(owner("a"), disabled))).reason())
                    .isEqualTo(Reason.AMBIGUOUS);
        }

        @Test
        void linksTheOwnerEvenWhenAnUnconfirmedSignUpUsesTheSameEmail() {
            assertThat(rules.choose(SEARCH, List.of(withStatus("UNCONFIRMED"), owner("jane"))))
                    .isEqualTo(new Inspect(DESCOPE, "jane", false));
        }

        @Test
        void ambiguityMayBeSetToContinueButNeverToLink() {
            LinkRules lenient = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), true, false,
                    FailureAction.CONTINUE, FailureAction.CONTINUE));

            assertThat(verdict(lenient.choose(SEARCH, List.of(owner("a"), owner("b")))))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.AMBIGUOUS));
        }

        @Test
        void reportsAlreadyLinkedWithoutLinkingAgain() {
            Candidate linked = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Descope", SUBJECT)));

            assertThat(verdict(rules.choose(SEARCH, List.of(linked))))
                    .isEqualTo(new Verdict(Outcome.ALREADY_LINKED, Reason.ALREADY_LINKED, "jane"));
        }

        @Test
        void refusesASecondIdentityOfTheSameProviderByDefault() {
            // Was "anotherSubjectOfTheSameProviderIsNotThisLink", which linked it: a second subject of one IdP
            // claiming the address is a reassigned mailbox or a second IdP account (issue 10).
            Candidate linked = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Descope", SUBJECT.toLowerCase())));

            assertThat(verdict(rules.choose(SEARCH, List.of(linked))))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.PROVIDER_ALREADY_LINKED, "jane"));
        }

        @Test
        void comparesTheProviderOfAnEarlierIdentityCaseInsensitively() {
            Candidate linked = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("descope", "other")));

            assertThat(verdict(rules.choose(SEARCH, List.of(linked))).reason())
                    .isEqualTo(Reason.PROVIDER_ALREADY_LINKED);
        }

        @Test
        void linksASecondIdentityOfTheSameProviderWhenSetTo() {
            LinkRules permissive = new LinkRules(DEFAULTS, trust(ProtectionMode.OFF, SecondIdentityAction.LINK));
            Candidate linked = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Descope", SUBJECT.toLowerCase())));

            assertThat(permissive.choose(SEARCH, List.of(linked))).isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void theSameSubjectOfAnotherProviderIsNeitherThisLinkNorASecondIdentity() {
            Candidate linked = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Google", SUBJECT)));

            assertThat(rules.choose(SEARCH, List.of(linked))).isEqualTo(new Inspect(DESCOPE, "jane", false));
        }

        @Test
        void linksWithoutAskingWhenProtectionIsOff() {
            LinkRules unprotected = new LinkRules(DEFAULTS, trust(ProtectionMode.OFF, SecondIdentityAction.REFUSE));

            assertThat(unprotected.choose(SEARCH, List.of(owner("jane")))).isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void asksForGroupsOnlyInTheGroupMode() {
            LinkRules groups = new LinkRules(DEFAULTS, trust(ProtectionMode.MFA_AND_GROUPS, SecondIdentityAction.REFUSE));

            assertThat(groups.choose(SEARCH, List.of(owner("jane")))).isEqualTo(new Inspect(DESCOPE, "jane", true));
        }

        @Test
        void refusesRatherThanSplitWhenTheOwnerHasFiveLinkedIdentities() {
            List<LinkedIdentity> five = List.of(new LinkedIdentity("Google", "1"), new LinkedIdentity("Google", "2"),
                    new LinkedIdentity("Okta", "3"), new LinkedIdentity("Okta", "4"), new LinkedIdentity("Apple", "5"));
            Candidate full = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true, five);

            assertThat(verdict(rules.choose(SEARCH, List.of(full))))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.LINK_LIMIT_REACHED, "jane"));
        }

        @Test
        void dryRunNamesTheAccountButLinksNothing() {
            LinkRules dryRun = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), true, true,
                    FailureAction.REFUSE, FailureAction.REFUSE));

            Step inspect = dryRun.choose(SEARCH, List.of(owner("jane")));

            assertThat(verdict(dryRun.afterInspect((Inspect) inspect, NO_MFA)))
                    .isEqualTo(new Verdict(Outcome.CONTINUED, Reason.DRY_RUN, "jane"));
        }

        @Test
        void dryRunStillRefusesWhatItWouldRefuse() {
            LinkRules dryRun = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), true, true,
                    FailureAction.REFUSE, FailureAction.REFUSE));

            assertThat(verdict(dryRun.choose(SEARCH, List.of(owner("a"), owner("b")))).refuses()).isTrue();
        }
    }

    static final OwnerProtection NO_MFA = new OwnerProtection(false, List.of());
    static final OwnerProtection MFA = new OwnerProtection(true, List.of());

    static TrustPolicy trust(ProtectionMode mode, SecondIdentityAction onSecondIdentity) {
        return new TrustPolicy(mode, mode == ProtectionMode.MFA_AND_GROUPS ? Set.of("admins") : Set.of(),
                TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE, onSecondIdentity, Map.of());
    }

    @Nested
    class PerProviderTrust {

        final LinkRules rules = new LinkRules(new LinkPolicy(List.of("Descope", "CorpSAML"), Optional.empty(), true,
                false, FailureAction.REFUSE, FailureAction.REFUSE), new TrustPolicy(ProtectionMode.MFA, Set.of(),
                TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE, SecondIdentityAction.REFUSE,
                Map.of("CorpSAML", new ProviderTrust(false, Optional.of("custom:saml_sub")))));

        @Test
        void aProviderMayWaiveTheVerifiedEmailForItselfOnly() {
            Map<String, String> unverified = Map.of("email", "jane@example.com", "custom:saml_sub", "s1");

            assertThat(rules.triage(external("CorpSAML_s1", unverified)))
                    .isEqualTo(new Search(new FederatedIdentity("CorpSAML", "s1"), "jane@example.com"));
            assertThat(verdict(rules.triage(external("Descope_" + SUBJECT, unverified))).reason())
                    .isEqualTo(Reason.EMAIL_NOT_VERIFIED);
        }

        @Test
        void aProviderReadsItsOwnSubjectAttribute() {
            Map<String, String> attributes = Map.of("email", "jane@example.com", "custom:saml_sub", "S1");

            assertThat(rules.triage(external("corpsaml_s1", attributes)))
                    .isEqualTo(new Search(new FederatedIdentity("CorpSAML", "S1"), "jane@example.com"));
            assertThat(verdict(rules.triage(external("CorpSAML_s1", Map.of("email", "jane@example.com")))).reason())
                    .isEqualTo(Reason.SUBJECT_MISSING);
        }

        @Test
        void providersWithoutTheirOwnTrustUseTheGlobalOne() {
            assertThat(rules.triage(external("Descope_" + SUBJECT, verified("jane@example.com"))))
                    .isEqualTo(new Search(DESCOPE, "jane@example.com", true));
        }

        @Test
        void aProviderWhoseVerificationIsOffMayLinkButNeverCreateEvenWhenItAssertsTrue() {
            Map<String, String> asserted = Map.of("email", "jane@example.com", "email_verified", "true",
                    "custom:saml_sub", "s1");

            assertThat(rules.triage(external("CorpSAML_s1", asserted)))
                    .isEqualTo(new Search(new FederatedIdentity("CorpSAML", "s1"), "jane@example.com", false));
            assertThat(rules.verifiesEmail("corpsaml")).isFalse();
            assertThat(rules.verifiesEmail("Descope")).isTrue();
        }
    }

    @Nested
    class AfterInspect {

        final Inspect inspect = new Inspect(DESCOPE, "jane", false);
        final LinkRules groups = new LinkRules(DEFAULTS, trust(ProtectionMode.MFA_AND_GROUPS, SecondIdentityAction.REFUSE));

        @Test
        void linksAnOwnerWithoutMfa() {
            assertThat(rules.afterInspect(inspect, NO_MFA)).isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void refusesAnOwnerWithMfa() {
            assertThat(rules.afterInspect(inspect, MFA))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.PROTECTED_ACCOUNT, "jane"));
        }

        @Test
        void mfaModeIgnoresGroups() {
            assertThat(rules.afterInspect(inspect, new OwnerProtection(false, List.of("admins"))))
                    .isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void groupModeRefusesAMemberOfAProtectedGroup() {
            assertThat(verdict(groups.afterInspect(inspect, new OwnerProtection(false, List.of("readers", "admins"))))
                    .reason()).isEqualTo(Reason.PROTECTED_ACCOUNT);
        }

        @Test
        void groupModeStillRefusesMfa() {
            assertThat(verdict(groups.afterInspect(inspect, MFA)).reason()).isEqualTo(Reason.PROTECTED_ACCOUNT);
        }

        @Test
        void groupModeComparesGroupNamesExactly() {
            assertThat(groups.afterInspect(inspect, new OwnerProtection(false, List.of("Admins", "readers"))))
                    .isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void offLinksEvenAnOwnerWithMfa() {
            LinkRules off = new LinkRules(DEFAULTS, trust(ProtectionMode.OFF, SecondIdentityAction.REFUSE));

            assertThat(off.afterInspect(inspect, MFA)).isEqualTo(new Link(DESCOPE, "jane"));
        }

        @Test
        void dryRunStillRefusesAProtectedOwner() {
            LinkRules dryRun = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), true, true,
                    FailureAction.REFUSE, FailureAction.REFUSE));

            assertThat(verdict(dryRun.afterInspect(inspect, MFA)).reason()).isEqualTo(Reason.PROTECTED_ACCOUNT);
        }

        @Test
        void showsTheConfiguredMessageForAProtectedAccount() {
            LinkRules custom = new LinkRules(DEFAULTS, new TrustPolicy(ProtectionMode.MFA, Set.of(),
                    "Use your password.", SecondIdentityAction.REFUSE, Map.of()));

            assertThat(custom.userMessage(verdict(custom.afterInspect(inspect, MFA)))).isEqualTo("Use your password.");
            assertThat(custom.userMessage(Verdict.of(Outcome.REFUSED, Reason.AMBIGUOUS)))
                    .isEqualTo(Reason.AMBIGUOUS.userMessage());
        }
    }

    @Nested
    class AfterLink {

        final Link link = new Link(DESCOPE, "jane");

        @Test
        void reportsTheLink() {
            assertThat(rules.afterLink(link, LinkResult.LINKED))
                    .isEqualTo(new Verdict(Outcome.LINKED, Reason.LINKED, "jane"));
        }

        @Test
        void treatsCognitosAlreadyLinkedAnswerAsSuccess() {
            assertThat(rules.afterLink(link, LinkResult.ALREADY_LINKED).outcome()).isEqualTo(Outcome.ALREADY_LINKED);
        }

        @Test
        void refusesWhenCognitoSaysTheLimitIsReached() {
            assertThat(rules.afterLink(link, LinkResult.LIMIT_EXCEEDED))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.LINK_LIMIT_REACHED, "jane"));
        }

        @Test
        void refusesWhenCognitoFailsByDefault() {
            assertThat(rules.lookupFailed()).isEqualTo(Verdict.of(Outcome.REFUSED, Reason.LOOKUP_FAILED));
        }

        @Test
        void lookupFailureMayBeSetToContinue() {
            LinkRules lenient = new LinkRules(new LinkPolicy(List.of("Descope"), Optional.empty(), true, false,
                    FailureAction.REFUSE, FailureAction.CONTINUE));

            assertThat(lenient.lookupFailed()).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.LOOKUP_FAILED));
        }
    }

    @Test
    void everyRefusalMessageIsSafeToShowTheUser() {
        for (Reason reason : Reason.values()) {
            assertThat(reason.userMessage())
                    .isNotBlank()
                    .doesNotContain("@", "Exception", "Cognito", "null")
                    .hasSizeLessThan(120);
        }
    }
}
