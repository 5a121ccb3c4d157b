package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two first sign-ins of one email at once, on two function instances (two Lambda sandboxes), with
 * create-and-link on: both search before either creates (the stand-in holds both searches back), so both
 * create. Whatever the order, the end is exactly one native user holding the identity: the loser is refused
 * (create-conflict) and its retry finds the winner's user. Both username shapes: in pools that take a username
 * the generated name is derived from the email, so the second create collides exactly as in email pools.
 */
class CreateRaceTest {

    static final String EMAIL = "race@example.com";
    static final String SUBJECT = "U2rAcE";

    CognitoStandIn standIn;
    DirectFunction first;
    DirectFunction second;
    ExecutorService pool;

    @BeforeEach
    void start() throws IOException {
        standIn = CognitoStandIn.start("us-east-1_DevPool01");
        first = new DirectFunction(standIn.endpoint(), AccountSettingsConfig.createAndLink());
        second = new DirectFunction(standIn.endpoint(), AccountSettingsConfig.createAndLink());
        pool = Executors.newFixedThreadPool(2);
        // The nested PreSignUp_AdminCreateUser invocation lands on one of the instances, as Cognito may choose.
        standIn.onAdminCreateUser(event -> first.invoke(event.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        first.close();
        second.close();
        standIn.close();
    }

    static byte[] event() {
        ObjectNode event = Events.tree("link");
        event.put("userName", "Descope_" + SUBJECT);
        Events.attributes(event).put("email", EMAIL);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "username is the email: {0}")
    @ValueSource(booleans = {false, true})
    void twoFirstSignInsAtOnceEndWithExactlyOneNativeUserHoldingTheIdentity(boolean emailUsernames) throws Exception {
        // GIVEN both searches are answered only after both were sent, so both see no user
        standIn.usernameAttributesEmail(emailUsernames);
        standIn.script("ListUsers", new Fault.Delay(Duration.ofMillis(300)), new Fault.Delay(Duration.ofMillis(300)));
        CountDownLatch start = new CountDownLatch(1);

        // WHEN both instances receive the first sign-in at once
        List<Future<DirectFunction.Answer>> answers = new ArrayList<>();
        for (DirectFunction function : List.of(first, second)) {
            answers.add(pool.submit(() -> {
                start.await();
                return function.invoke(event());
            }));
        }
        start.countDown();
        List<DirectFunction.Answer> results = new ArrayList<>();
        for (Future<DirectFunction.Answer> answer : answers) {
            results.add(answer.get(10, TimeUnit.SECONDS));
        }

        // THEN one created and linked, the other was refused with a message to sign in again
        assertThat(results).filteredOn(answer -> answer.output() != null).hasSize(1);
        assertThat(results).filteredOn(answer -> answer.refusal() != null).singleElement()
                .satisfies(lost -> assertThat(lost.refusal().getMessage())
                        .isEqualTo("Your account is being set up. Please sign in again."));
        assertThat(results).allSatisfy(answer -> assertThat(answer.unexpected()).isNull());

        // WHEN the loser signs in again, THEN it finds the winner's user, and there is one native user
        DirectFunction.Answer retry = second.invoke(event());
        assertThat(retry.output()).isNotNull();
        List<StandInUser> natives = nativeUsers();
        assertThat(natives).hasSize(1);
        assertThat(natives.get(0).status()).isEqualTo("CONFIRMED");
        assertThat(standIn.identities(natives.get(0).username()))
                .containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
    }

    List<StandInUser> nativeUsers() {
        return standIn.users().stream()
                .filter(user -> !user.status().equals("EXTERNAL_PROVIDER"))
                .filter(user -> EMAIL.equalsIgnoreCase(user.attributes().get("email")))
                .toList();
    }
}
