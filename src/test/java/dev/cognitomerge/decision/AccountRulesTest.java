package dev.cognitomerge.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.Step.CheckNativeSignUp;
import dev.cognitomerge.decision.Step.Complete;
import dev.cognitomerge.decision.Step.CreateAndLink;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rows of one account per email whichever way the person arrives: create-and-link when the federated
 * sign-in comes first, the native sign-up guard, and the defaults that leave both off. One behaviour a test.
 */
class AccountRulesTest {

    static final String POOL = "us-east-1_Pool";
    static final FederatedIdentity DESCOPE = new FederatedIdentity("Descope", "U2aBcDeF1gHiJkLmN0pQ");
    /** A search the IdP's verified email allows to create (email_verified=true, verification on). */
    static final Search SEARCH = new Search(DESCOPE, "Jane@Example.com", true);
    static final LinkedIdentity CREATED_BY_DESCOPE = new LinkedIdentity("Descope", DESCOPE.subject());
    static final LinkPolicy LINKING = new LinkPolicy(List.of("Descope"), Optional.empty(), true, false,
            FailureAction.REFUSE, FailureAction.CONTINUE);
    static final LinkPolicy DRY_RUN = new LinkPolicy(List.of("Descope"), Optional.empty(), true, true,
            FailureAction.REFUSE, FailureAction.REFUSE);
    static final AccountPolicy CREATE = new AccountPolicy(WhenNoNativeUser.CREATE_AND_LINK, NativeSignUpGuard.OFF,
            List.of("given_name"));
    static final AccountPolicy GUARD = new AccountPolicy(WhenNoNativeUser.CONTINUE, NativeSignUpGuard.REFUSE, List.of());

    final LinkRules defaults = new LinkRules(LINKING);
    final LinkRules creating = new LinkRules(LINKING, CREATE);
    final LinkRules guarding = new LinkRules(LINKING, GUARD);

    static Candidate user(String username, String status, String email, boolean verified) {
        return new Candidate(username, status, true, email, verified, List.of());
    }

    /** A FORCE_CHANGE_PASSWORD user whose custom:merge_created names {@code creator}. */
    static Candidate halfDone(String username, boolean verified, LinkedIdentity creator) {
        return new Candidate(username, "FORCE_CHANGE_PASSWORD", true, "jane@example.com", verified, List.of(), creator,
                List.of());
    }

    static SignUpAttempt signUp(Map<String, String> attributes) {
        return new SignUpAttempt(SignUpAttempt.SIGN_UP, POOL, "jane", attributes);
    }

    @Nested
    class CreateAndLinkWhenFederatedComesFirst {

        @Test
        void createsWhenNoUserAtAllHoldsTheEmail() {
            assertThat(creating.choose(SEARCH, List.of())).isEqualTo(new CreateAndLink(DESCOPE, "Jane@Example.com",
                    LinkRules.generatedUsername("jane@example.com")));
        }

        @Test
        void aUserTheSearchReturnedWithAnotherAddressDoesNotStopTheCreate() {
            Candidate someoneElse = user("Google_9", "EXTERNAL_PROVIDER", "john@example.com", true);

            assertThat(creating.choose(SEARCH, List.of(someoneElse))).isInstanceOf(CreateAndLink.class);
            assertThat(creating.choose(new Search(DESCOPE, "Jane@Example.com", false), List.of(someoneElse)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.UNVERIFIED_NOT_CREATED));
        }

        @Test
        void continuesAsTodayByDefault() {
            assertThat(defaults.choose(SEARCH, List.of())).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NO_CANDIDATE));
        }

        @Test
        void neverCreatesBesideAFederatedOnlyUserOfAnotherProvider() {
            Candidate google = user("Google_1", "EXTERNAL_PROVIDER", "jane@example.com", true);

            assertThat(creating.choose(SEARCH, List.of(google)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.FEDERATED_USER_EXISTS));
        }

        @Test
        void stillLinksToTheNativeOwnerWhenThereIsOne() {
            Candidate jane = user("jane", "CONFIRMED", "jane@example.com", true);

            // the owner's MFA state is read first (protected accounts default to mfa), then the usual link
            assertThat(creating.choose(SEARCH, List.of(jane))).isEqualTo(new Step.Inspect(DESCOPE, "jane", false));
        }

        @Test
        void neverCreatesBesideAnUnconfirmedNativeUser() {
            Candidate pending = user("pending", "UNCONFIRMED", "jane@example.com", false);

            assertThat(creating.choose(SEARCH, List.of(pending)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void completesAHalfDoneCreateOfThisIdentityAfterTheOwnerInspection() {
            Candidate ours = halfDone("u-1", true, CREATED_BY_DESCOPE);

            // protected accounts default to mfa: the half-done user is inspected like any owner, then completed
            assertThat(creating.choose(SEARCH, List.of(ours))).isEqualTo(new Step.Inspect(DESCOPE, "u-1", false, true));
            assertThat(creating.afterInspect(new Step.Inspect(DESCOPE, "u-1", false, true),
                    new OwnerProtection(false, List.of()))).isEqualTo(new Complete(DESCOPE, "u-1", false));
        }

        @Test
        void completesAHalfDoneCreateStraightAwayWhenProtectionIsOff() {
            LinkRules unprotected = new LinkRules(LINKING, CREATE, new TrustPolicy(ProtectionMode.OFF, java.util.Set.of(),
                    TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE, SecondIdentityAction.REFUSE, Map.of()));

            assertThat(unprotected.choose(SEARCH, List.of(halfDone("u-1", true, CREATED_BY_DESCOPE))))
                    .isEqualTo(new Complete(DESCOPE, "u-1", false));
        }

        @Test
        void neverCompletesAHalfDoneUserThatAnotherIdentityCreated() {
            Candidate theirs = halfDone("u-1", true, new LinkedIdentity("Descope", "U2sOmEoNeElSe"));

            assertThat(creating.choose(SEARCH, List.of(theirs)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAnOperatorsPendingInvitationWithoutTheMarker() {
            Candidate invited = user("u-1", "FORCE_CHANGE_PASSWORD", "jane@example.com", true);

            assertThat(creating.choose(SEARCH, List.of(invited)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void theMarkerMatchesTheProviderInAnyCaseButTheSubjectExactly() {
            assertThat(creating.choose(SEARCH, List.of(halfDone("u-1", true, new LinkedIdentity("DESCOPE",
                    DESCOPE.subject()))))).isInstanceOf(Step.Inspect.class);
            assertThat(creating.choose(SEARCH, List.of(halfDone("u-1", true, new LinkedIdentity("Descope",
                    DESCOPE.subject().toLowerCase())))))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAHalfDoneUserForAnEventWhoseEmailTheIdpDidNotVerify() {
            Search unverified = new Search(DESCOPE, "Jane@Example.com", false);

            assertThat(creating.choose(unverified, List.of(halfDone("u-1", true, CREATED_BY_DESCOPE))))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCreatesForAnEventWhoseEmailTheIdpDidNotVerify() {
            Search unverified = new Search(DESCOPE, "Jane@Example.com", false);

            assertThat(creating.choose(unverified, List.of()))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.UNVERIFIED_NOT_CREATED));
        }

        @Test
        void aProtectedHalfDoneUserIsRefusedNotCompleted() {
            assertThat(creating.afterInspect(new Step.Inspect(DESCOPE, "u-1", false, true),
                    new OwnerProtection(true, List.of())))
                    .isEqualTo(new Verdict(Outcome.REFUSED, Reason.PROTECTED_ACCOUNT, "u-1"));
        }

        @Test
        void neverCompletesAHalfDoneUserFromWhichTheOperatorUnlinkedThisIdentity() {
            Candidate unlinked = new Candidate("u-1", "FORCE_CHANGE_PASSWORD", true, "jane@example.com", true, List.of(),
                    CREATED_BY_DESCOPE, List.of(CREATED_BY_DESCOPE));

            assertThat(creating.choose(SEARCH, List.of(unlinked)))
                    .isEqualTo(new Verdict(Outcome.CONTINUED, Reason.UNLINKED_BY_OPERATOR, "u-1"));
        }

        @Test
        void neverCompletesAForceChangePasswordUserWhoseEmailIsNotVerified() {
            Candidate invited = halfDone("u-1", false, CREATED_BY_DESCOPE);

            assertThat(creating.choose(SEARCH, List.of(invited)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAForceChangePasswordUserByDefault() {
            Candidate halfDone = halfDone("u-1", true, CREATED_BY_DESCOPE);

            assertThat(defaults.choose(SEARCH, List.of(halfDone)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAForceChangePasswordUserThatAlreadyHasAnIdentity() {
            Candidate linked = new Candidate("u-1", "FORCE_CHANGE_PASSWORD", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Google", "g-1")), CREATED_BY_DESCOPE, List.of());

            assertThat(creating.choose(SEARCH, List.of(linked)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void dryRunAuditsWouldCreateAndCreatesNothing() {
            LinkRules dryRun = new LinkRules(DRY_RUN, CREATE);

            assertThat(dryRun.choose(SEARCH, List.of())).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.WOULD_CREATE));
        }

        @Test
        void theGeneratedUsernameIsTheSameForEveryCaseOfTheEmail() {
            assertThat(LinkRules.generatedUsername(EmailKey.of("JANE@example.com")))
                    .isEqualTo(LinkRules.generatedUsername(EmailKey.of("jane@EXAMPLE.com")))
                    .isNotEqualTo(LinkRules.generatedUsername(EmailKey.of("john@example.com")));
        }

        @Test
        void aCreatedUserIsCompleted() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "jane@example.com", "n");

            assertThat(creating.afterCreate(create, CreateResult.created("u-9"))).isEqualTo(new Complete(DESCOPE, "u-9", true));
        }

        @Test
        void aLostCreateRaceRefusesSoTheRetryFindsTheWinner() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "jane@example.com", "n");

            assertThat(creating.afterCreate(create, CreateResult.usernameTaken()))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT));
        }

        @Test
        void aGeneratedNameHeldByAUserWithAnotherEmailIsSquattedSoTheFallbackNameIsTried() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "Jane@Example.com",
                    LinkRules.generatedUsername("jane@example.com"));
            Candidate squatter = user(create.username(), "UNCONFIRMED", "mallory@example.com", false);

            assertThat(creating.afterCreate(create, CreateResult.usernameTakenBy(squatter)))
                    .isEqualTo(new CreateAndLink(DESCOPE, "Jane@Example.com",
                            LinkRules.fallbackUsername("jane@example.com", DESCOPE)));
        }

        @Test
        void aGeneratedNameHeldByAUserWithThisEmailIsARaceNotASquat() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "jane@example.com",
                    LinkRules.generatedUsername("jane@example.com"));
            Candidate winner = user(create.username(), "FORCE_CHANGE_PASSWORD", "JANE@example.com", true);

            assertThat(creating.afterCreate(create, CreateResult.usernameTakenBy(winner)))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT));
        }

        @Test
        void theFallbackNameIsTriedOnlyOnce() {
            CreateAndLink fallback = new CreateAndLink(DESCOPE, "jane@example.com",
                    LinkRules.fallbackUsername("jane@example.com", DESCOPE));
            Candidate squatter = user(fallback.username(), "CONFIRMED", "mallory@example.com", true);

            assertThat(creating.afterCreate(fallback, CreateResult.usernameTakenBy(squatter)))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT));
        }

        @Test
        void theCompletingLinkSaysWhetherTheUserWasCreatedOrResumed() {
            assertThat(creating.afterCompletedLink(new Complete(DESCOPE, "u-9", true), LinkResult.LINKED))
                    .isEqualTo(new Verdict(Outcome.LINKED, Reason.CREATED_AND_LINKED, "u-9"));
            assertThat(creating.afterCompletedLink(new Complete(DESCOPE, "u-9", false), LinkResult.LINKED))
                    .isEqualTo(new Verdict(Outcome.LINKED, Reason.RESUMED_AND_LINKED, "u-9"));
        }

        @Test
        void aFailureWhileCreatingRefusesEvenWhenLookupFailuresContinue() {
            assertThat(creating.createFailed()).isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_FAILED));
        }

        @Test
        void aFailedSearchOrLinkRefusesEvenWhenLookupFailuresContinue() {
            assertThat(creating.federatedLookupFailed()).isEqualTo(Verdict.of(Outcome.REFUSED, Reason.LOOKUP_FAILED));
            assertThat(defaults.federatedLookupFailed()).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.LOOKUP_FAILED));
        }

        @Test
        void theCreatedUserGetsTheEmailAsSentVerifiedTheMarkerAndOnlyTheConfiguredCopies() {
            SignUpAttempt attempt = new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, POOL, "Descope_x",
                    Map.of("email", "Jane@Example.com", "email_verified", "true", "given_name", "Jane",
                            "family_name", "Doe"));

            assertThat(creating.createAttributes(attempt, new CreateAndLink(DESCOPE, "Jane@Example.com", "n")))
                    .containsExactly(Map.entry("email", "Jane@Example.com"), Map.entry("email_verified", "true"),
                            Map.entry("custom:merge_created",
                                    "{\"providerName\":\"Descope\",\"userId\":\"U2aBcDeF1gHiJkLmN0pQ\"}"),
                            Map.entry("given_name", "Jane"));
        }

        @Test
        void theCreatedUsersEmailIsVerifiedOnlyByTheIdpsOwnAssertion() {
            SignUpAttempt unasserted = new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, POOL, "Descope_x",
                    Map.of("email", "Jane@Example.com", "email_verified", "false"));

            assertThat(creating.createAttributes(unasserted, new CreateAndLink(DESCOPE, "Jane@Example.com", "n")))
                    .doesNotContainKey("email_verified");
        }

        @Test
        void theMarkerEscapesASubjectThatIsNotPlainText() {
            assertThat(LinkRules.identityJson(new FederatedIdentity("Descope", "a\"b\\c\u0001")))
                    .isEqualTo("{\"providerName\":\"Descope\",\"userId\":\"a\\\"b\\\\c\\u0001\"}");
        }

        @Test
        void aPoolWithoutTheMarkerAttributeRefusesTheCreate() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "Jane@Example.com", "n");

            assertThat(creating.beforeCreate(create, new PoolShape(List.of(), java.util.Set.of())))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_NOT_CONFIGURED));
            assertThat(creating.beforeCreate(create, new PoolShape(List.of("phone_number"),
                    java.util.Set.of(PoolShape.CREATED_MARKER))))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_NOT_CONFIGURED));
        }

        @Test
        void aPoolWhoseUsernamesAreEmailsGetsTheEmailAsUsername() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "Jane@Example.com", "n");
            java.util.Set<String> marked = java.util.Set.of(PoolShape.CREATED_MARKER);

            assertThat(creating.beforeCreate(create, new PoolShape(List.of("email", "phone_number"), marked)))
                    .isEqualTo(new CreateAndLink(DESCOPE, "Jane@Example.com", "Jane@Example.com", true));
            assertThat(creating.beforeCreate(create, new PoolShape(List.of(), marked))).isEqualTo(create);
        }
    }

    @Nested
    class NativeSignUpGuardRows {

        @Test
        void searchesTheEmailOfANativeSignUpWhenOn() {
            assertThat(guarding.triage(signUp(Map.of("email", "jane@example.com"))))
                    .isEqualTo(new CheckNativeSignUp("jane@example.com"));
        }

        @Test
        void makesNoSearchWhenOff() {
            assertThat(defaults.triage(signUp(Map.of("email", "jane@example.com"))))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NOT_EXTERNAL_PROVIDER));
        }

        @Test
        void neverChecksTheFunctionsOwnAdminCreateUser() {
            SignUpAttempt adminCreate = new SignUpAttempt("PreSignUp_AdminCreateUser", POOL, "u-1",
                    Map.of("email", "jane@example.com"));

            assertThat(guarding.triage(adminCreate)).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NOT_EXTERNAL_PROVIDER));
        }

        @Test
        void refusesWhenAFederatedOnlyUserHoldsTheEmailInAnyAsciiCase() {
            Candidate descope = user("Descope_1", "EXTERNAL_PROVIDER", "JANE@example.com", true);

            assertThat(guarding.guard(new CheckNativeSignUp("jane@EXAMPLE.com"), List.of(descope)))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.FEDERATED_ACCOUNT_EXISTS));
        }

        @Test
        void allowsWhenTheFederatedOnlyUserNeverHadItsAddressVerified() {
            Candidate squatter = user("Descope_1", "EXTERNAL_PROVIDER", "jane@example.com", false);

            assertThat(guarding.guard(new CheckNativeSignUp("jane@example.com"), List.of(squatter)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NATIVE_SIGN_UP_ALLOWED));
        }

        @Test
        void stripsSurroundingWhitespaceBeforeTheSearch() {
            assertThat(guarding.triage(signUp(Map.of("email", " jane@example.com\t"))))
                    .isEqualTo(new CheckNativeSignUp("jane@example.com"));
        }

        @Test
        void allowsWhenOnlyNativeUsersHoldTheEmail() {
            Candidate jane = user("jane", "CONFIRMED", "jane@example.com", true);

            assertThat(guarding.guard(new CheckNativeSignUp("jane@example.com"), List.of(jane)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.NATIVE_SIGN_UP_ALLOWED));
        }

        @Test
        void allowsWithoutASearchWhenTheSignUpHasNoEmail() {
            assertThat(guarding.triage(signUp(new HashMap<>()))).isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.EMAIL_MISSING));
        }
    }

    @Nested
    class TheFunctionsOwnRecords {

        @Test
        void anIdentityMatchesItsProviderInAnyCaseAndItsSubjectExactly() {
            assertThat(new LinkedIdentity("descope", DESCOPE.subject()).names(DESCOPE)).isTrue();
            assertThat(new LinkedIdentity("Descope", DESCOPE.subject().toUpperCase()).names(DESCOPE)).isFalse();
            assertThat(new LinkedIdentity("Okta", DESCOPE.subject()).names(DESCOPE)).isFalse();
            assertThat(new LinkedIdentity(null, DESCOPE.subject()).names(DESCOPE)).isFalse();
            assertThat(new LinkedIdentity("Descope", null).names(DESCOPE)).isFalse();
        }

        @Test
        void theMarkerKeepsASpaceAndEscapesOnlyControlCharacters() {
            assertThat(LinkRules.identityJson(new FederatedIdentity("Descope", "a b\u001f")))
                    .isEqualTo("{\"providerName\":\"Descope\",\"userId\":\"a b\\u001f\"}");
        }

        @Test
        void thePoolShapeNamesWhatIsMissingAndTheFix() {
            PoolShape unmarked = new PoolShape(List.of("email"), java.util.Set.of("custom:merge_unlinked"));
            PoolShape phone = new PoolShape(List.of("phone_number"), java.util.Set.of(PoolShape.CREATED_MARKER));

            assertThat(unmarked.cannotCreate()).contains("merge-created-attribute-missing");
            assertThat(unmarked.cannotCreateSentence("us-east-1_P")).contains("custom:merge_created",
                    "add-custom-attributes --user-pool-id us-east-1_P", "MERGE_WHEN_NO_NATIVE_USER=continue");
            assertThat(phone.cannotCreate()).contains("username-is-phone-number");
            assertThat(phone.cannotCreateSentence("us-east-1_P")).contains("phone numbers", "[phone_number]");
            assertThat(new PoolShape(null, null).cannotCreate()).contains("merge-created-attribute-missing");
            assertThat(new PoolShape(List.of(), java.util.Set.of(PoolShape.CREATED_MARKER)).cannotCreate()).isEmpty();
        }

        @Test
        void anOwnerFromWhomTheOperatorUnlinkedTheIdentityContinuesWithoutALink() {
            Candidate jane = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true, List.of(), null,
                    List.of(new LinkedIdentity("DESCOPE", DESCOPE.subject())));

            assertThat(creating.choose(SEARCH, List.of(jane)))
                    .isEqualTo(new Verdict(Outcome.CONTINUED, Reason.UNLINKED_BY_OPERATOR, "jane"));
        }

        @Test
        void anUnreadableUnlinkRecordKeepsEveryIdentityAway() {
            Candidate jane = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true, List.of(), null,
                    List.of(Candidate.UNREADABLE_RECORD));

            assertThat(creating.choose(SEARCH, List.of(jane)))
                    .isEqualTo(new Verdict(Outcome.CONTINUED, Reason.UNLINKED_BY_OPERATOR, "jane"));
        }

        @Test
        void anUnlinkRecordOfAnotherSubjectDoesNotStopTheLink() {
            Candidate jane = new Candidate("jane", "CONFIRMED", true, "jane@example.com", true, List.of(), null,
                    List.of(new LinkedIdentity("Descope", "U2oThEr")));

            assertThat(creating.choose(SEARCH, List.of(jane))).isEqualTo(new Step.Inspect(DESCOPE, "jane", false));
        }

        @Test
        void aDryRunStillInspectsAHalfDoneUserAndCompletesNothing() {
            LinkRules dryRun = new LinkRules(DRY_RUN, CREATE);
            Step.Inspect inspect = new Step.Inspect(DESCOPE, "u-1", false, true);

            assertThat(dryRun.choose(new Search(DESCOPE, "jane@example.com", true),
                    List.of(halfDone("u-1", true, CREATED_BY_DESCOPE)))).isEqualTo(inspect);
            assertThat(dryRun.afterInspect(inspect, new OwnerProtection(false, List.of())))
                    .isEqualTo(new Verdict(Outcome.CONTINUED, Reason.DRY_RUN, "u-1"));
        }

        @Test
        void anEmailUsernameIsNeverReplacedByTheFallbackName() {
            CreateAndLink byEmail = new CreateAndLink(DESCOPE, "jane@example.com", "jane@example.com", true);
            Candidate other = user("x", "CONFIRMED", "mallory@example.com", true);

            assertThat(creating.afterCreate(byEmail, CreateResult.usernameTakenBy(other)))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT));
        }
    }

    @Test
    void theDecisionPackageImportsNothingFromTheLayersAboveIt() throws IOException {
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/dev/cognitomerge/decision"))) {
            List<String> upwardImports = sources
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(line -> line.startsWith("import dev.cognitomerge.")
                            && !line.startsWith("import dev.cognitomerge.decision."))
                    .toList();

            assertThat(upwardImports).isEmpty();
        }
    }
}
