package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.SnsStandIn;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.LambdaFunctionProcess;
import dev.cognitomerge.testing.LambdaRuntimeApi;
import dev.cognitomerge.testing.LambdaRuntimeApi.Answer;
import dev.cognitomerge.testing.LambdaRuntimeApi.RuntimeError;
import dev.cognitomerge.testing.Packaging;
import dev.cognitomerge.testing.TaskRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged function.zip run the way its Lambda runtime runs it, whichever packaging the build made
 * ({@link Packaging}): the JVM package under the AWS Lambda Java runtime interface client (the same client the
 * managed java21 runtime uses), the native package as provided.al2023 runs its {@code bootstrap}. Either way in a
 * child process, fed by a Lambda Runtime API on loopback, talking through the real AWS SDK to the Cognito stand-in.
 * {@code ./mvnw verify} runs these against the JVM package, {@code ./mvnw verify -Dnative} against the native one.
 */
class LambdaRuntimeIT {

    static final String JANE = "3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01";
    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    static final Packaging PACKAGING = Packaging.built();

    static TaskRoot task;
    static CognitoStandIn standIn;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void unpackTheFunctionAndStartCognito() throws IOException {
        Path zip = TaskRoot.functionZip();
        assertThat(zip).as("run `./mvnw package` first").exists();
        task = TaskRoot.unzip(zip);
        standIn = CognitoStandIn.start(StandInUsers.POOL_ID);
    }

    @AfterAll
    static void stop() {
        if (standIn != null) {
            standIn.close();
        }
        if (task != null) {
            task.close();
        }
    }

    @BeforeEach
    void seedTheDevUsers() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(StandInUsers.SEED)) {
            standIn.load(seed);
        }
    }

    LambdaFunctionProcess startFunction(LambdaRuntimeApi api, Map<String, String> extraEnvironment, String name) {
        return startFunction(api, extraEnvironment, List.of(), name);
    }

    LambdaFunctionProcess startFunction(LambdaRuntimeApi api, Map<String, String> extraEnvironment,
            List<String> jvmOptions, String name) {
        Map<String, String> env = PACKAGING.environment(api.address(), task.dir());
        env.put("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE", standIn.endpoint().toString());
        env.putAll(extraEnvironment);
        return LambdaFunctionProcess.start(PACKAGING.command(task.dir(), jvmOptions), env, task.dir(),
                Path.of("target", "lambda-runtime-it", PACKAGING.manifestName()), name);
    }

    @Test
    void theRuntimeRunsThePackagedFunctionAndItLinksJaneOnceWhateverTheRedelivery() throws IOException {
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, Map.of(), "link")) {
            // GIVEN the packaged function started by its runtime; WHEN Jane first signs in through Descope
            String event = Events.text("link");
            Answer answer = api.enqueue(event, Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN the answer is the event itself
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isFalse();
            assertThat(json.readTree(answer.body())).isEqualTo(json.readTree(event));

            // AND Cognito received one search, one look at Jane's MFA state (protected accounts: mfa by default)
            // and one link, and Jane now has the Descope identity
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("ListUsers", "AdminGetUser", "AdminLinkProviderForUser");
            assertThat(standIn.identities(JANE))
                    .containsExactly(Map.of("providerName", "Descope", "userId", "U2aBcDeF1gHiJkLmN0pQ"));

            // AND the function's standard output has the audit line
            Optional<JsonNode> audit = auditLine(function, "linked");
            assertThat(audit).as("audit line in stdout%n%s", function.output()).isPresent();
            // (a search, the owner's MFA state, the link: docs/cognito-facts.md#link-bypasses-mfa)
            assertThat(audit.get().path("CognitoCalls").asInt()).isEqualTo(3);

            // WHEN Cognito delivers the same event again (it retries a slow trigger)
            Answer again = api.enqueue(event, Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN it succeeds as already linked, with one search and no second link
            assertThat(again.error()).as("answer %s%n%s", again.text(), function.output()).isFalse();
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("ListUsers", "AdminGetUser", "AdminLinkProviderForUser", "ListUsers");
            assertThat(standIn.identities(JANE)).hasSize(1);
            assertThat(auditLine(function, "already-linked")).as("audit%n%s", function.output()).isPresent();
        }
    }

    @Test
    void aNewLinkIsAnnouncedOnTheSnsTopicFromThePackagedFunction() throws IOException {
        // GIVEN link notifications on, to an SNS stand-in (the packaged SNS client, its Query protocol and XML parser
        // are exercised as deployed)
        String topic = "arn:aws:sns:us-east-1:123456789012:account-links";
        try (SnsStandIn sns = SnsStandIn.start();
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, Map.of(
                        "MERGE_LINK_NOTIFICATION_TOPIC_ARN", topic,
                        "MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", sns.endpoint().toString()), "notification")) {
            sns.createTopic(topic);

            // WHEN Jane first signs in through Descope
            Answer answer = api.enqueue(Events.text("link"), Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN she is linked, and the topic got one message with the masked facts
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isFalse();
            assertThat(sns.published()).as("published%n%s", function.output()).hasSize(1);
            JsonNode message = json.readTree(sns.published().get(0).message());
            assertThat(message.path("event").asText()).isEqualTo("identity-linked");
            assertThat(message.path("provider").asText()).isEqualTo("Descope");
            Optional<JsonNode> audit = auditLine(function, "linked");
            assertThat(audit).as("audit%n%s", function.output()).isPresent();
            assertThat(audit.get().path("notification").asText()).isEqualTo("sent");
        }
    }

    @Test
    void aRefusalReachesCognitoAsAnInvocationErrorCarryingOnlyTheUserMessage() throws IOException {
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, Map.of(), "refusal")) {
            // GIVEN two accounts that own Alex's email; WHEN Alex first signs in through Descope
            Answer answer = api.enqueue(Events.text("ambiguous"), Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN the runtime reports an invocation error (Cognito shows its message and creates no user)
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isTrue();
            JsonNode error = json.readTree(answer.body());
            assertThat(error.path("errorMessage").asText())
                    .isEqualTo("More than one account uses this email address. Please contact support.");
            assertThat(error.path("errorType").asText()).endsWith("SignUpRefusedException");

            // AND nothing was linked, and the audit line says why
            assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers");
            Optional<JsonNode> audit = auditLine(function, "refused");
            assertThat(audit).as("audit%n%s", function.output()).isPresent();
            assertThat(audit.get().path("reason").asText()).isEqualTo("ambiguous");

            // AND the function goes on answering: a refusal is not a crash
            Answer next = api.enqueue(Events.text("link"), Duration.ofSeconds(5)).await(ANSWER_WAIT);
            assertThat(next.error()).as("answer %s%n%s", next.text(), function.output()).isFalse();
        }
    }

    @Test
    void aWrongSettingStopsTheFunctionAtInitWithASentenceNamingTheVariable() throws IOException {
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, Map.of("MERGE_ON_AMBIGUOUS", "maybe"),
                        "bad-setting")) {
            // GIVEN MERGE_ON_AMBIGUOUS=maybe; WHEN the runtime starts the function
            Optional<RuntimeError> initError = api.awaitInitError(ANSWER_WAIT);

            // THEN the runtime reports an init error and exits before any sign-up is asked
            assertThat(initError).as("init error%n%s", function.output()).isPresent();
            assertThat(initError.get().path()).isEqualTo("init/error");
            assertThat(function.awaitExit(Duration.ofSeconds(10))).as("exit code%n%s", function.output())
                    .isPresent();
            assertThat(standIn.calls()).isEmpty();

            // AND the init error itself (what Lambda shows as the function's error) names the variable, the value
            // and the allowed values, and so does the function's log
            String sentence = "MERGE_ON_AMBIGUOUS must be 'refuse' or 'continue', but is 'maybe'";
            assertThat(initError.get().body()).as("init/error body").contains(sentence);
            assertThat(function.output()).contains(sentence);
        }
    }

    @Test
    void withSnapStartTheFunctionPrimesBeforeTheSnapshotWithoutCallingCognito() throws IOException {
        assumeTrue(PACKAGING == Packaging.JVM, "SnapStart exists only for the managed Java runtime");
        // GIVEN a SnapStart init, as the managed runtime runs it: initialization type snap-start and the runtime's
        // CRaC implementation behind org.crac (the real runtime passes this very -D option)
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api,
                        Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
                        List.of("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"), "snapstart")) {
            // WHEN the runtime has run the checkpoint hooks and asks to be restored
            for (int i = 0; i < 200 && api.restoreNanos().isEmpty() && function.isAlive(); i++) {
                sleep(Duration.ofMillis(100));
            }

            // THEN priming ran a synthetic sign-up to the end, and Cognito was never called
            assertThat(api.restoreNanos()).as("restore/next%n%s", function.output()).isPresent();
            assertThat(function.output()).contains("SnapStart priming done in")
                    .contains("synthetic sign-up: linked");
            assertThat(standIn.calls()).isEmpty();

            // AND after the "restore" the first real sign-up links Jane as usual
            Answer answer = api.enqueue(Events.text("link"), Duration.ofSeconds(5)).await(ANSWER_WAIT);
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isFalse();
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("ListUsers", "AdminGetUser", "AdminLinkProviderForUser");
            assertThat(standIn.identities(JANE)).hasSize(1);
        }
    }

    /** The audit line with this outcome, once the process has written it (output may trail the answer). */
    Optional<JsonNode> auditLine(LambdaFunctionProcess function, String outcome) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            for (String line : function.stdout().split("\n")) {
                if (line.contains("\"audit\":\"pre-sign-up\"")) {
                    JsonNode audit = json.readTree(line.substring(line.indexOf('{')));
                    if (audit.path("outcome").asText().equals(outcome)) {
                        return Optional.of(audit);
                    }
                }
            }
            sleep(Duration.ofMillis(100));
        }
        return Optional.empty();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The dev seed: the same users the README's examples and the handler tests use. */
    static final class StandInUsers {
        static final String POOL_ID = "us-east-1_DevPool01";
        static final Path SEED = Path.of("src/standin/dev-users.json");
    }
}
