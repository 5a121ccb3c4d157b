package dev.cognitomerge.hardening;

import static dev.cognitomerge.hardening.Hardening.JANE;
import static dev.cognitomerge.hardening.Hardening.SLOWER_THAN_THE_BUDGET;
import static dev.cognitomerge.hardening.Hardening.TIGHT_BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cognito failing in every way the SDK can see, injected into the stand-in and met by the real SDK client
 * (standard retries, per-call timeouts from the invocation's deadline) with an 800 ms budget. Whatever the
 * fault: the answer comes back inside the budget, the outcome is the configured failure action, at most one
 * link exists, the audit line names the failure, and a re-delivery afterwards ends in exactly one link.
 * Subclasses fix the failure action (refuse, continue) and assert what the user gets.
 */
abstract class FaultScenarios extends FunctionOverStandIn {

    /** A fault script and what the audit line must call it. */
    record FaultCase(String name, String operation, List<Fault> faults, Set<String> failures, Duration settle,
            int linksAfterSettling) {

        static FaultCase of(String name, String operation, Fault fault, int times, String... failures) {
            return new FaultCase(name, operation, Collections.nCopies(times, fault), Set.of(failures), Duration.ZERO, 0);
        }

        /** The stand-in is still working on the faulted call after the answer; wait this long for it. */
        FaultCase settlingAfter(Duration settle, int links) {
            return new FaultCase(name, operation, faults, failures, settle, links);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String LIST_USERS = "ListUsers";
    static final String LINK = "AdminLinkProviderForUser";
    /** UserDirectory follows at most 5 pages: an exact email match has a handful of users. */
    static final int MAX_PAGES = 5;

    /** Faults on every attempt the SDK makes (3), or a single fault longer than the budget. */
    static Stream<FaultCase> faultsPastTheRetries() {
        return Stream.of(
                FaultCase.of("ListUsers answers 500 on every attempt", LIST_USERS, Fault.internalError(), 3,
                        "list-users-InternalErrorException"),
                FaultCase.of("ListUsers throttled on every attempt", LIST_USERS, Fault.throttled(), 3,
                        // The SDK's throttling backoff (up to 1 s, then 2 s) may outlast an 800 ms budget.
                        "list-users-TooManyRequestsException", "list-users-timeout"),
                FaultCase.of("ListUsers slower than the budget", LIST_USERS, new Fault.Delay(SLOWER_THAN_THE_BUDGET), 1,
                        "list-users-timeout"),
                FaultCase.of("ListUsers connection closed without an answer on every attempt", LIST_USERS,
                        new Fault.Disconnect(), 3, "list-users-connection-lost"),
                FaultCase.of("ListUsers answers a malformed body on every attempt", LIST_USERS, new Fault.MalformedBody(),
                        3, "list-users-malformed-response"),
                FaultCase.of("ListUsers pagination token never ends", LIST_USERS, new Fault.EndlessPagination(),
                        MAX_PAGES, "list-users-pagination-unbounded"),
                FaultCase.of("AdminLinkProviderForUser answers 500 on every attempt", LINK, Fault.internalError(), 3,
                        "link-InternalErrorException"),
                FaultCase.of("AdminLinkProviderForUser throttled on every attempt", LINK, Fault.throttled(), 3,
                        "link-TooManyRequestsException", "link-timeout", "link-no-time-left"),
                FaultCase.of("AdminLinkProviderForUser connection closed on every attempt", LINK, new Fault.Disconnect(),
                        3, "link-connection-lost"),
                // Cognito gets the link late and makes it after the function gave up.
                FaultCase.of("AdminLinkProviderForUser slower than the budget", LINK,
                                new Fault.Delay(SLOWER_THAN_THE_BUDGET), 1, "link-timeout")
                        .settlingAfter(SLOWER_THAN_THE_BUDGET, 1),
                // Cognito makes the link at once, but its answer arrives after the function gave up.
                FaultCase.of("AdminLinkProviderForUser links but answers after the budget", LINK,
                                new Fault.DelayedAnswer(SLOWER_THAN_THE_BUDGET), 1, "link-timeout")
                        .settlingAfter(Duration.ZERO, 1));
    }

    /** Faults the SDK's retries absorb inside the budget. */
    static Stream<FaultCase> faultsTheRetriesAbsorb() {
        return Stream.of(
                FaultCase.of("ListUsers answers 500 twice", LIST_USERS, Fault.internalError(), 2),
                FaultCase.of("ListUsers connection closed twice", LIST_USERS, new Fault.Disconnect(), 2),
                FaultCase.of("ListUsers answers a malformed body once", LIST_USERS, new Fault.MalformedBody(), 1),
                FaultCase.of("ListUsers slow, but inside the budget", LIST_USERS,
                        new Fault.Delay(TIGHT_BUDGET.multipliedBy(55).dividedBy(100)), 1),
                FaultCase.of("AdminLinkProviderForUser answers 500 twice", LINK, Fault.internalError(), 2),
                FaultCase.of("AdminLinkProviderForUser connection closed once", LINK, new Fault.Disconnect(), 1));
    }

    @BeforeEach
    void janeOwnsHerEmail() {
        Hardening.onlyJane(standIn);
        captureAudit();
    }

    /**
     * Drops scripted faults the first delivery did not reach (a timeout can stop it before its last
     * attempt), keeping Jane as she is now, links included.
     */
    void forgetUnusedFaults() {
        StandInUser jane = standIn.user(JANE);
        standIn.reset();
        standIn.addUser(new StandInUser(jane.username(), jane.status(), jane.enabled(), jane.attributes()));
    }

    /** What the configured failure action shows the user, asserted on the answer to {@code event}. */
    abstract void assertTheFailureAction(Delivery delivery, String event) throws IOException;

    /** The audit outcome the failure action writes. */
    abstract String failureOutcome();

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultsPastTheRetries")
    void aFaultPastTheRetriesEndsInTheFailureActionInsideTheBudget(FaultCase fault) throws Exception {
        // GIVEN Cognito failing this way
        standIn.script(fault.operation(), fault.faults().toArray(Fault[]::new));
        String event = Events.text("link");

        // WHEN Jane first signs in through Descope
        Delivery delivery = Delivery.of(event);

        // THEN the function answers in time with the configured failure action, and says why
        delivery.answeredWithin(TIGHT_BUDGET, audit.last());
        assertTheFailureAction(delivery, event);
        JsonNode line = audit.last();
        assertThat(line.path("outcome").asText()).isEqualTo(failureOutcome());
        assertThat(line.path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(line.path("failure").asText()).isIn(fault.failures());
        assertThat(standIn.identities(JANE).size()).isLessThanOrEqualTo(1);

        // AND once Cognito has finished whatever it was still doing, at most one link exists
        Thread.sleep(fault.settle().toMillis());
        assertThat(standIn.identities(JANE)).hasSize(fault.linksAfterSettling());

        // AND Cognito's next delivery of the same sign-in ends in exactly one link and a success answer
        forgetUnusedFaults();
        Delivery again = Delivery.of(event).answeredWithin(TIGHT_BUDGET, audit.last());
        again.response().then().statusCode(200);
        assertThat(audit.last().path("outcome").asText()).isIn("linked", "already-linked");
        assertThat(standIn.identities(JANE)).hasSize(1);
    }

    @Test
    void aPaginationTokenThatNeverEndsStopsAfterFivePages() {
        standIn.script(LIST_USERS, Collections.nCopies(MAX_PAGES + 5, new Fault.EndlessPagination())
                .toArray(Fault[]::new));

        Delivery.of(Events.text("link")).answeredWithin(TIGHT_BUDGET, audit.last());

        assertThat(standIn.calls(LIST_USERS)).hasSize(MAX_PAGES);
        assertThat(audit.last().path("failure").asText()).isEqualTo("list-users-pagination-unbounded");
        assertThat(standIn.calls(LINK)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultsTheRetriesAbsorb")
    void aFaultTheRetriesAbsorbStillLinksOnceInsideTheBudget(FaultCase fault) throws IOException {
        standIn.script(fault.operation(), fault.faults().toArray(Fault[]::new));
        String event = Events.text("link");

        Delivery delivery = Delivery.of(event).answeredWithin(TIGHT_BUDGET, audit.last());

        delivery.response().then().statusCode(200);
        assertThat(json.readTree(delivery.response().asString())).isEqualTo(json.readTree(event));
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(audit.last().path("failure").isNull()).isTrue();
        assertThat(standIn.identities(JANE)).hasSize(1);
    }
}
