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
    static final Search SEARCH = new Search(DESCOPE, "Jane@Example.com");
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
        void completesAHalfDoneCreateFoundByTheRetry() {
            Candidate halfDone = user("u-1", "FORCE_CHANGE_PASSWORD", "jane@example.com", true);

            assertThat(creating.choose(SEARCH, List.of(halfDone))).isEqualTo(new Complete(DESCOPE, "u-1", false));
        }

        @Test
        void neverCompletesAForceChangePasswordUserWhoseEmailIsNotVerified() {
            Candidate invited = user("u-1", "FORCE_CHANGE_PASSWORD", "jane@example.com", false);

            assertThat(creating.choose(SEARCH, List.of(invited)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAForceChangePasswordUserByDefault() {
            Candidate halfDone = user("u-1", "FORCE_CHANGE_PASSWORD", "jane@example.com", true);

            assertThat(defaults.choose(SEARCH, List.of(halfDone)))
                    .isEqualTo(Verdict.of(Outcome.CONTINUED, Reason.CANDIDATE_NOT_CONFIRMED));
        }

        @Test
        void neverCompletesAForceChangePasswordUserThatAlreadyHasAnIdentity() {
            Candidate linked = new Candidate("u-1", "FORCE_CHANGE_PASSWORD", true, "jane@example.com", true,
                    List.of(new LinkedIdentity("Google", "g-1")));

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
            Candidate squatter = user(create.generatedUsername(), "UNCONFIRMED", "mallory@example.com", false);

            assertThat(creating.afterCreate(create, CreateResult.usernameTakenBy(squatter)))
                    .isEqualTo(new CreateAndLink(DESCOPE, "Jane@Example.com",
                            LinkRules.fallbackUsername("jane@example.com", DESCOPE)));
        }

        @Test
        void aGeneratedNameHeldByAUserWithThisEmailIsARaceNotASquat() {
            CreateAndLink create = new CreateAndLink(DESCOPE, "jane@example.com",
                    LinkRules.generatedUsername("jane@example.com"));
            Candidate winner = user(create.generatedUsername(), "FORCE_CHANGE_PASSWORD", "JANE@example.com", true);

            assertThat(creating.afterCreate(create, CreateResult.usernameTakenBy(winner)))
                    .isEqualTo(Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT));
        }

        @Test
        void theFallbackNameIsTriedOnlyOnce() {
            CreateAndLink fallback = new CreateAndLink(DESCOPE, "jane@example.com",
                    LinkRules.fallbackUsername("jane@example.com", DESCOPE));
            Candidate squatter = user(fallback.generatedUsername(), "CONFIRMED", "mallory@example.com", true);

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
        void theCreatedUserGetsTheEmailAsSentVerifiedAndOnlyTheConfiguredCopies() {
            SignUpAttempt attempt = new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, POOL, "Descope_x",
                    Map.of("email", "Jane@Example.com", "email_verified", "true", "given_name", "Jane",
                            "family_name", "Doe"));

            assertThat(creating.createAttributes(attempt)).containsExactly(Map.entry("email", "Jane@Example.com"),
                    Map.entry("email_verified", "true"), Map.entry("given_name", "Jane"));
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
