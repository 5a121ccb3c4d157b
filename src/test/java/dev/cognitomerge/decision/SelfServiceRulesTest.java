package dev.cognitomerge.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.SelfServiceStep.Answer;
import dev.cognitomerge.decision.SelfServiceStep.CheckProfile;
import dev.cognitomerge.decision.SelfServiceStep.Link;
import dev.cognitomerge.decision.SelfServiceStep.ReadAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the self-service decision, one behaviour per test: two verified tokens (as plain records), the native
 * user as Cognito shows it, whether the identity has a profile, what the link answered.
 */
class SelfServiceRulesTest {

    static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    static final String SUBJECT = "U2aBcDeF1gHiJkLmN0pQ";
    static final FederatedIdentity DESCOPE = new FederatedIdentity("Descope", SUBJECT);
    static final LinkPolicy POLICY = new LinkPolicy(List.of("Descope", "Okta"), Optional.empty(), true, false,
            FailureAction.REFUSE, FailureAction.REFUSE);
    static final SelfServicePolicy SELF_SERVICE = new SelfServicePolicy(Duration.ofMinutes(10), Duration.ofSeconds(60),
            List.of("Descope"));

    final SelfServiceRules rules = rules(POLICY, TrustPolicy.DEFAULTS);

    static SelfServiceRules rules(LinkPolicy policy, TrustPolicy trust) {
        return new SelfServiceRules(new LinkRules(policy, trust), policy, trust, SELF_SERVICE);
    }

    static NativeSignIn signIn(Instant authTime) {
        return new NativeSignIn("morgan", Optional.of(authTime), false);
    }

    static IdentityProof proof(String email, Boolean verified, Instant at) {
        return new IdentityProof("Descope", SUBJECT, Optional.ofNullable(email), Optional.ofNullable(verified), at);
    }

    static IdentityProof fresh() {
        return proof("morgan@example.com", true, NOW.minusSeconds(20));
    }

    static NativeAccount account(List<LinkedIdentity> identities) {
        return new NativeAccount("morgan", "CONFIRMED", true, "morgan@example.com", true, identities, List.of(), true);
    }

    static Answer refused(SelfServiceReason reason) {
        return Answer.refused(reason);
    }

    static Answer refusedFor(SelfServiceReason reason) {
        return new Answer(Outcome.REFUSED, reason, "morgan");
    }

    static ReadAccount read() {
        return new ReadAccount(fresh(), "morgan");
    }

    @Nested
    class Tokens {

        @Test
        void aFreshNativeSignInAndAFreshVerifiedIdentityReadTheAccount() {
            assertThat(rules.check(signIn(NOW.minusSeconds(60)), fresh(), NOW))
                    .isEqualTo(new ReadAccount(fresh(), "morgan"));
        }

        @Test
        void aFederatedSignInsTokenIsNotANativeSignIn() {
            assertThat(rules.check(new NativeSignIn("morgan", Optional.of(NOW), true), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.NOT_A_NATIVE_SIGN_IN));
        }

        @Test
        void aNativeSignInOlderThanTheMaximumAgeIsStaleEvenWhenItsTokenIsNew() {
            assertThat(rules.check(signIn(NOW.minus(Duration.ofMinutes(10)).minusSeconds(1)), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.STALE_SIGN_IN));
        }

        @Test
        void aNativeSignInExactlyAtTheMaximumAgeStillLinks() {
            assertThat(rules.check(signIn(NOW.minus(Duration.ofMinutes(10))), fresh(), NOW))
                    .isInstanceOf(ReadAccount.class);
        }

        @Test
        void aNativeSignInWithoutAuthTimeCannotProveItIsFresh() {
            assertThat(rules.check(new NativeSignIn("morgan", Optional.empty(), false), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.STALE_SIGN_IN));
        }

        @Test
        void anAuthTimeBeyondTheClockSkewIsNoTime() {
            assertThat(rules.check(signIn(NOW.plusSeconds(61)), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.INVALID_TOKEN));
            assertThat(rules.check(signIn(NOW.plusSeconds(60)), fresh(), NOW)).isInstanceOf(ReadAccount.class);
        }

        @Test
        void anOldIdentityTokenIsStaleToo() {
            assertThat(rules.check(signIn(NOW), proof("morgan@example.com", true, NOW.minusSeconds(601)), NOW))
                    .isEqualTo(refused(SelfServiceReason.STALE_SIGN_IN));
        }

        @Test
        void anIdentityTokenWithoutATimeIsStale() {
            assertThat(rules.check(signIn(NOW), proof("morgan@example.com", true, null), NOW))
                    .isEqualTo(refused(SelfServiceReason.STALE_SIGN_IN));
        }

        @Test
        void tokensWithoutUsernameOrSubjectAreInvalid() {
            assertThat(rules.check(new NativeSignIn(" ", Optional.of(NOW), false), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.INVALID_TOKEN));
            assertThat(rules.check(new NativeSignIn(null, Optional.of(NOW), false), fresh(), NOW))
                    .isEqualTo(refused(SelfServiceReason.INVALID_TOKEN));
            IdentityProof noSubject = new IdentityProof("Descope", "", Optional.of("m@example.com"), Optional.of(true),
                    NOW);
            assertThat(rules.check(signIn(NOW), noSubject, NOW)).isEqualTo(refused(SelfServiceReason.INVALID_TOKEN));
            IdentityProof nullSubject = new IdentityProof("Descope", null, Optional.empty(), Optional.empty(), NOW);
            assertThat(rules.check(signIn(NOW), nullSubject, NOW)).isEqualTo(refused(SelfServiceReason.INVALID_TOKEN));
        }

        @Test
        void aProviderWithoutSelfServiceTokensIsUnknown() {
            // Okta is a trigger provider, but no issuer/audience is configured for it here
            IdentityProof okta = new IdentityProof("Okta", SUBJECT, Optional.of("morgan@example.com"), Optional.of(true),
                    NOW);
            assertThat(rules.check(signIn(NOW), okta, NOW)).isEqualTo(refused(SelfServiceReason.UNKNOWN_PROVIDER));
            IdentityProof lowerCase = new IdentityProof("descope", SUBJECT, Optional.of("morgan@example.com"),
                    Optional.of(true), NOW);
            assertThat(rules.check(signIn(NOW), lowerCase, NOW)).isEqualTo(refused(SelfServiceReason.UNKNOWN_PROVIDER));
            assertThat(rules.provider("DESCOPE")).contains("Descope");
            assertThat(rules.provider("Okta")).isEmpty();
            assertThat(rules.provider(null)).isEmpty();
        }

        @Test
        void aSubjectCognitoCouldNotStoreIsRefusedBeforeAnyCall() {
            String subject = "s".repeat(128 - "Descope".length() - "Cognito_Subject".length());
            IdentityProof longest = new IdentityProof("Descope", subject, Optional.of("morgan@example.com"),
                    Optional.of(true), NOW);
            assertThat(rules.check(signIn(NOW), longest, NOW)).isInstanceOf(ReadAccount.class);
            IdentityProof tooLong = new IdentityProof("Descope", subject + "s", Optional.of("morgan@example.com"),
                    Optional.of(true), NOW);
            assertThat(rules.check(signIn(NOW), tooLong, NOW)).isEqualTo(refused(SelfServiceReason.LINK_REFUSED));
        }

        @Test
        void anIdentityWithoutEmailCannotShowItIsTheSameAddress() {
            assertThat(rules.check(signIn(NOW), proof(null, true, NOW), NOW))
                    .isEqualTo(refused(SelfServiceReason.EMAIL_MISMATCH));
            assertThat(rules.check(signIn(NOW), proof(" ", true, NOW), NOW))
                    .isEqualTo(refused(SelfServiceReason.EMAIL_MISMATCH));
        }

        @Test
        void anUnverifiedOrUnassertedIdentityEmailIsRefusedWhileVerificationIsRequired() {
            assertThat(rules.check(signIn(NOW), proof("morgan@example.com", false, NOW), NOW))
                    .isEqualTo(refused(SelfServiceReason.EMAIL_NOT_VERIFIED));
            assertThat(rules.check(signIn(NOW), proof("morgan@example.com", null, NOW), NOW))
                    .isEqualTo(refused(SelfServiceReason.EMAIL_NOT_VERIFIED));
        }

        @Test
        void aProviderWhoseVerificationIsOffMayLinkAnUnassertedEmail() {
            TrustPolicy off = new TrustPolicy(ProtectionMode.MFA, Set.of(), TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE,
                    SecondIdentityAction.REFUSE, Map.of("Descope", new ProviderTrust(false, Optional.empty())));
            assertThat(rules(POLICY, off).check(signIn(NOW), proof("morgan@example.com", null, NOW), NOW))
                    .isInstanceOf(ReadAccount.class);
            LinkPolicy globalOff = new LinkPolicy(List.of("Descope"), Optional.empty(), false, false,
                    FailureAction.REFUSE, FailureAction.REFUSE);
            assertThat(rules(globalOff, TrustPolicy.DEFAULTS).check(signIn(NOW), proof("morgan@example.com", false, NOW),
                    NOW)).isInstanceOf(ReadAccount.class);
        }
    }

    @Nested
    class Account {

        @Test
        void aConfirmedEnabledVerifiedOwnerOfTheSameAddressGoesOnToTheProfileCheck() {
            assertThat(rules.afterRead(read(), Optional.of(account(List.of()))))
                    .isEqualTo(new CheckProfile(DESCOPE, "morgan"));
        }

        @Test
        void mfaOnTheOwnerIsNoReasonToRefuse() {
            // The record has no MFA field at all: the fresh native sign-in satisfied the account's own protection.
            assertThat(rules.afterRead(read(), Optional.of(account(List.of())))).isInstanceOf(CheckProfile.class);
        }

        @Test
        void aUserThatNoLongerExistsIsNotQualified() {
            assertThat(rules.afterRead(read(), Optional.empty()))
                    .isEqualTo(refused(SelfServiceReason.CANDIDATE_NOT_QUALIFIED));
        }

        @Test
        void aFederatedOnlyUserIsNotANativeSignIn() {
            NativeAccount federated = new NativeAccount("morgan", "EXTERNAL_PROVIDER", true, "morgan@example.com", true,
                    List.of(), List.of(), true);
            assertThat(rules.afterRead(read(), Optional.of(federated)))
                    .isEqualTo(refusedFor(SelfServiceReason.NOT_A_NATIVE_SIGN_IN));
        }

        @Test
        void neverLinksToAnUnconfirmedDisabledOrUnverifiedOwner() {
            for (NativeAccount owner : List.of(
                    new NativeAccount("morgan", "UNCONFIRMED", true, "morgan@example.com", true, List.of(), List.of(), true),
                    new NativeAccount("morgan", "FORCE_CHANGE_PASSWORD", true, "morgan@example.com", true, List.of(),
                            List.of(), true),
                    new NativeAccount("morgan", "CONFIRMED", false, "morgan@example.com", true, List.of(), List.of(), true),
                    new NativeAccount("morgan", "CONFIRMED", true, "morgan@example.com", false, List.of(), List.of(), true),
                    new NativeAccount("morgan", "CONFIRMED", true, null, true, List.of(), List.of(), true))) {
                assertThat(rules.afterRead(read(), Optional.of(owner))).as(owner.toString())
                        .isEqualTo(refusedFor(SelfServiceReason.CANDIDATE_NOT_QUALIFIED));
            }
        }

        @Test
        void anUnreadableUnlinkRecordStopsTheLink() {
            NativeAccount unreadable = new NativeAccount("morgan", "CONFIRMED", true, "morgan@example.com", true,
                    List.of(), List.of(), false);
            assertThat(rules.afterRead(read(), Optional.of(unreadable)))
                    .isEqualTo(refusedFor(SelfServiceReason.CANDIDATE_NOT_QUALIFIED));
        }

        @Test
        void anotherAddressIsRefusedAndOnlyAToZCaseIsFolded() {
            ReadAccount upper = new ReadAccount(proof("MORGAN@EXAMPLE.COM", true, NOW), "morgan");
            assertThat(rules.afterRead(upper, Optional.of(account(List.of())))).isInstanceOf(CheckProfile.class);
            ReadAccount other = new ReadAccount(proof("morgan@example.org", true, NOW), "morgan");
            assertThat(rules.afterRead(other, Optional.of(account(List.of()))))
                    .isEqualTo(refusedFor(SelfServiceReason.EMAIL_MISMATCH));
            // The Kelvin sign is not a K
            NativeAccount kate = new NativeAccount("kate", "CONFIRMED", true, "kate@example.com", true, List.of(),
                    List.of(), true);
            ReadAccount kelvin = new ReadAccount(proof("\u212Aate@example.com", true, NOW), "kate");
            assertThat(rules.afterRead(kelvin, Optional.of(kate)))
                    .isEqualTo(new Answer(Outcome.REFUSED, SelfServiceReason.EMAIL_MISMATCH, "kate"));
        }

        @Test
        void theSameIdentityAgainIsAlreadyLinked() {
            assertThat(rules.afterRead(read(), Optional.of(account(List.of(new LinkedIdentity("descope", SUBJECT))))))
                    .isEqualTo(new Answer(Outcome.ALREADY_LINKED, SelfServiceReason.ALREADY_LINKED, "morgan"));
        }

        @Test
        void anIdentityTheOperatorUnlinkedIsRefused() {
            NativeAccount unlinked = new NativeAccount("morgan", "CONFIRMED", true, "morgan@example.com", true, List.of(),
                    List.of(new LinkedIdentity("DESCOPE", SUBJECT)), true);
            assertThat(rules.afterRead(read(), Optional.of(unlinked)))
                    .isEqualTo(refusedFor(SelfServiceReason.UNLINKED_BY_OPERATOR));
        }

        @Test
        void anotherSubjectInTheUnlinkRecordDoesNotStopThisOne() {
            NativeAccount other = new NativeAccount("morgan", "CONFIRMED", true, "morgan@example.com", true, List.of(),
                    List.of(new LinkedIdentity("Descope", SUBJECT.toLowerCase())), true);
            assertThat(rules.afterRead(read(), Optional.of(other))).isInstanceOf(CheckProfile.class);
        }

        @Test
        void aSecondIdentityOfTheSameProviderIsRefusedUnlessTheOperatorAllowsIt() {
            NativeAccount holder = account(List.of(new LinkedIdentity("Descope", "U-other")));
            assertThat(rules.afterRead(read(), Optional.of(holder)))
                    .isEqualTo(refusedFor(SelfServiceReason.PROVIDER_ALREADY_LINKED));
            TrustPolicy link = new TrustPolicy(ProtectionMode.MFA, Set.of(), TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE,
                    SecondIdentityAction.LINK, Map.of());
            assertThat(rules(POLICY, link).afterRead(read(), Optional.of(holder))).isInstanceOf(CheckProfile.class);
        }

        @Test
        void anOwnerAtTheLinkLimitIsRefused() {
            List<LinkedIdentity> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(new LinkedIdentity("Other" + i, "s" + i));
            }
            assertThat(rules.afterRead(read(), Optional.of(account(five))))
                    .isEqualTo(refusedFor(SelfServiceReason.LINK_LIMIT_REACHED));
            assertThat(rules.afterRead(read(), Optional.of(account(five.subList(0, 4)))))
                    .isInstanceOf(CheckProfile.class);
        }
    }

    @Nested
    class ProfileAndLink {

        static final CheckProfile CHECK = new CheckProfile(DESCOPE, "morgan");

        @Test
        void anIdentityWithAProfileOfItsOwnIsSentToSupport() {
            assertThat(rules.afterProfileCheck(CHECK, true))
                    .isEqualTo(refusedFor(SelfServiceReason.IDENTITY_HAS_PROFILE));
        }

        @Test
        void otherwiseItLinks() {
            assertThat(rules.afterProfileCheck(CHECK, false)).isEqualTo(new Link(DESCOPE, "morgan"));
        }

        @Test
        void aDryRunChecksEverythingAndLinksNothing() {
            LinkPolicy dryRun = new LinkPolicy(List.of("Descope"), Optional.empty(), true, true, FailureAction.REFUSE,
                    FailureAction.REFUSE);
            assertThat(rules(dryRun, TrustPolicy.DEFAULTS).afterProfileCheck(CHECK, false))
                    .isEqualTo(new Answer(Outcome.CONTINUED, SelfServiceReason.DRY_RUN, "morgan"));
            assertThat(rules(dryRun, TrustPolicy.DEFAULTS).afterProfileCheck(CHECK, true))
                    .isEqualTo(refusedFor(SelfServiceReason.IDENTITY_HAS_PROFILE));
        }

        @Test
        void theLinkAnswersMapToTheirOutcomes() {
            Link link = new Link(DESCOPE, "morgan");
            assertThat(rules.afterLink(link, LinkResult.LINKED))
                    .isEqualTo(new Answer(Outcome.LINKED, SelfServiceReason.LINKED, "morgan"));
            assertThat(rules.afterLink(link, LinkResult.ALREADY_LINKED))
                    .isEqualTo(new Answer(Outcome.ALREADY_LINKED, SelfServiceReason.ALREADY_LINKED, "morgan"));
            assertThat(rules.afterLink(link, LinkResult.LIMIT_EXCEEDED))
                    .isEqualTo(refusedFor(SelfServiceReason.LINK_LIMIT_REACHED));
            assertThat(rules.linkRefused(link)).isEqualTo(refusedFor(SelfServiceReason.LINK_REFUSED));
        }
    }

    @Nested
    class Values {

        @Test
        void codesAreTheDocumentedKebabCaseAndEveryRefusalHasASentence() {
            assertThat(SelfServiceReason.IDENTITY_HAS_PROFILE.code()).isEqualTo("identity-has-profile");
            assertThat(SelfServiceReason.UNLINKED_BY_OPERATOR.code()).isEqualTo("unlinked-by-operator");
            assertThat(SelfServiceReason.NOT_A_NATIVE_SIGN_IN.code()).isEqualTo("not-a-native-sign-in");
            for (SelfServiceReason reason : SelfServiceReason.values()) {
                assertThat(reason.code()).matches("[a-z]+(-[a-z0-9]+)*");
                boolean answer = reason == SelfServiceReason.LINKED || reason == SelfServiceReason.ALREADY_LINKED
                        || reason == SelfServiceReason.DRY_RUN;
                if (answer) {
                    assertThat(reason.message()).isNull();
                } else {
                    assertThat(reason.message()).as(reason.code()).isNotBlank().endsWith(".").hasSizeLessThan(200);
                }
            }
        }

        @Test
        void answersTellRefusalsApart() {
            assertThat(Answer.refused(SelfServiceReason.INVALID_TOKEN).refuses()).isTrue();
            assertThat(new Answer(Outcome.LINKED, SelfServiceReason.LINKED, "m").refuses()).isFalse();
            assertThat(new Answer(Outcome.CONTINUED, SelfServiceReason.DRY_RUN, "m").refuses()).isFalse();
        }

        @Test
        void recordsCopeWithMissingParts() {
            assertThat(new NativeSignIn("m", null, false).authTime()).isEmpty();
            IdentityProof proof = new IdentityProof("Descope", "s", null, null, NOW);
            assertThat(proof.email()).isEmpty();
            assertThat(proof.emailVerified()).isEmpty();
            NativeAccount account = new NativeAccount("m", "CONFIRMED", true, null, false, null, null, true);
            assertThat(account.identities()).isEmpty();
            assertThat(account.unlinked()).isEmpty();
        }
    }

    @Nested
    class SharedOwnerRules {

        final LinkRules shared = new LinkRules(POLICY);

        @Test
        void alreadyLinkedWinsOverAnUnlinkRecordOfTheSameIdentity() {
            // unlink writes the record before AdminDisableProviderForUser: interrupted, both exist, and the link is real
            List<LinkedIdentity> both = List.of(new LinkedIdentity("Descope", SUBJECT));
            assertThat(shared.ownerConflict(DESCOPE, both, both)).contains(Reason.ALREADY_LINKED);
        }

        @Test
        void nothingStopsAFirstIdentity() {
            assertThat(shared.ownerConflict(DESCOPE, List.of(), List.of())).isEmpty();
        }
    }
}
