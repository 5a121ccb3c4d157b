package dev.cognitomerge.hardening;

import static dev.cognitomerge.hardening.Hardening.JANE;
import static dev.cognitomerge.hardening.Hardening.JANE_SUBJECT;
import static dev.cognitomerge.hardening.Hardening.TIGHT_BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.PreSignUpHandler;
import dev.cognitomerge.SignUpRefusedException;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same Pre sign-up event delivered more than once. Cognito re-invokes a trigger that has not answered
 * within 5 s (up to 3 attempts; docs/cognito-facts.md#trigger-budget), while the first attempt may still be running, and a person whose
 * sign-in was refused simply tries again. Whatever happened to the first delivery, the last one ends in
 * exactly one link and a success answer. (800 ms budget so the timed-out cases stay fast.)
 */
@QuarkusTest
@TestProfile(Hardening.TightBudget.class)
@WithTestResource(StandInResource.class)
class RedeliveryTest extends FunctionOverStandIn {

    static final Map<String, String> JANES_DESCOPE_IDENTITY = Map.of("providerName", "Descope", "userId", JANE_SUBJECT);

    @Inject
    UserDirectory directory;

    @BeforeEach
    void janeOwnsHerEmail() {
        Hardening.onlyJane(standIn);
        captureAudit();
    }

    String deliverExpectingSuccess() {
        Delivery delivery = Delivery.of(Events.text("link")).answeredWithin(TIGHT_BUDGET, audit.last());
        delivery.response().then().statusCode(200);
        return audit.last().path("outcome").asText();
    }

    void assertExactlyOneLink() {
        assertThat(standIn.identities(JANE)).containsExactly(JANES_DESCOPE_IDENTITY);
    }

    @ParameterizedTest(name = "delivered {0} times")
    @ValueSource(ints = {2, 3})
    void afterTheFirstLinkLandedEveryLaterDeliveryFindsItAndLinksNothing(int deliveries) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            outcomes.add(deliverExpectingSuccess());
        }

        assertThat(outcomes.get(0)).isEqualTo("linked");
        assertThat(outcomes.subList(1, deliveries)).containsOnly("already-linked");
        assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(1);
        assertExactlyOneLink();
    }

    @Test
    void whenTheFirstLinkDidNotLandTheNextDeliveryLinksAndTheThirdFindsIt() {
        // GIVEN the first delivery's link fails on every attempt: nothing is linked, the user is refused
        standIn.script("AdminLinkProviderForUser", Fault.internalError(), Fault.internalError(), Fault.internalError());
        Delivery first = Delivery.of(Events.text("link")).answeredWithin(TIGHT_BUDGET, audit.last());
        assertThat(first.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
        assertThat(standIn.identities(JANE)).isEmpty();

        // WHEN the same sign-in comes again, twice
        String second = deliverExpectingSuccess();
        String third = deliverExpectingSuccess();

        // THEN the second links and the third finds the link
        assertThat(List.of(second, third)).containsExactly("linked", "already-linked");
        assertExactlyOneLink();
    }

    @Test
    void whenTheFirstAttemptTimedOutAfterLinkingTheRedeliveriesFindTheLink() {
        // GIVEN Cognito makes the first link at once but its answer arrives after the budget
        standIn.script("AdminLinkProviderForUser", new Fault.DelayedAnswer(Duration.ofMillis(2000)));

        // WHEN the first delivery runs out of time
        Delivery first = Delivery.of(Events.text("link")).answeredWithin(TIGHT_BUDGET, audit.last());

        // THEN it refuses with the retry text (it cannot know the link landed; the default action is refuse)
        // and says why; the link is there all the same, so the person's next sign-in lands on Jane's account
        assertThat(first.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
        assertThat(audit.last().path("failure").asText()).isEqualTo("link-timeout");
        assertExactlyOneLink();

        // AND the re-deliveries (Cognito's retry, the person's next try) see the link and make no call to link
        assertThat(List.of(deliverExpectingSuccess(), deliverExpectingSuccess()))
                .containsExactly("already-linked", "already-linked");
        assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(1);
        assertExactlyOneLink();
    }

    @Test
    void whenTheFirstLinkIsStillInFlightTheRedeliveryLinksAndTheLateOneChangesNothing() throws Exception {
        // GIVEN the first link reaches Cognito only after the budget (it lands 3 s in)
        Duration inFlight = Duration.ofMillis(3000);
        standIn.script("AdminLinkProviderForUser", new Fault.Delay(inFlight));
        long started = System.nanoTime();
        Delivery first = Delivery.of(Events.text("link")).answeredWithin(TIGHT_BUDGET, audit.last());
        assertThat(first.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());

        // WHEN the same event is delivered again while that link is still on its way
        String second = deliverExpectingSuccess();

        // THEN the second delivery succeeds; the late first link, when it lands, finds it already made
        assertThat(second).isIn("linked", "already-linked");
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Thread.sleep(Math.max(0, inFlight.toMillis() + 300 - waited));
        // (two link calls; one, if a busy machine delayed the second delivery past the late landing)
        assertThat(standIn.calls("AdminLinkProviderForUser").size()).isBetween(1, 2);
        assertExactlyOneLink();
        assertThat(deliverExpectingSuccess()).isEqualTo("already-linked");
        assertExactlyOneLink();
    }

    @ParameterizedTest(name = "{0} deliveries at once")
    @ValueSource(ints = {2, 3})
    void concurrentDeliveriesOfTheSameEventLinkOnceAndAllSucceed(int deliveries) throws Exception {
        // GIVEN Cognito re-invoking the trigger while earlier attempts still run (each on its own instance)
        // (the default 4.5 s budget: this is about interleaving, not time, and the machine may be busy)
        PreSignUpHandler handler = new PreSignUpHandler(new MergeSettings(HandWrittenConfig.defaults()), directory,
                audit, json);
        byte[] event = Events.text("link").getBytes(StandardCharsets.UTF_8);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService instances = Executors.newFixedThreadPool(deliveries);
        List<Future<byte[]>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                Callable<byte[]> delivery = () -> {
                    start.await();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    handler.handleRequest(new ByteArrayInputStream(event), out, new StubContext(Duration.ofSeconds(5)));
                    return out.toByteArray();
                };
                answers.add(instances.submit(delivery));
            }
            // WHEN they all run at once
            start.countDown();

            // THEN every one answers the unchanged event (none throws a refusal)
            for (Future<byte[]> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(event);
            }
        } finally {
            instances.shutdownNow();
        }

        // AND exactly one of them linked, the others found (or were told of) the link
        List<String> outcomes = audit.lines().stream().map(line -> line.path("outcome").asText()).toList();
        assertThat(outcomes).hasSize(deliveries).containsOnlyOnce("linked")
                .allMatch(outcome -> outcome.equals("linked") || outcome.equals("already-linked"));
        assertExactlyOneLink();
        assertThat(audit.lines()).extracting(line -> line.path("failure")).allMatch(JsonNode::isNull);
    }

    @Test
    void theHandlerSignalsARefusalOnlyWithTheUserSafeException() {
        // Guard for the cases above: the handler signals a refusal only through SignUpRefusedException.
        PreSignUpHandler handler = new PreSignUpHandler(settings, directory, audit, json);
        standIn.script("ListUsers", Fault.internalError(), Fault.internalError(), Fault.internalError());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.handleRequest(
                        new ByteArrayInputStream(Events.text("link").getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), new StubContext(Duration.ofSeconds(5))))
                .isExactlyInstanceOf(SignUpRefusedException.class)
                .hasMessage(Reason.LOOKUP_FAILED.userMessage());
    }
}
