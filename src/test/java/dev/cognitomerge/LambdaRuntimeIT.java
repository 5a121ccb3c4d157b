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
import dev.cognitomerge.testing.TlsFront;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** The Descope subject of events/federated-first.json: nobody in the dev seed holds its email. */
    static final String NEW_PERSON = "U2nEwPeRs0nFeDeRaTeD1";
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
    void theFunctionReachesCognitoOverTlsAndValidatesItsCertificateAsOnAws() throws IOException {
        // GIVEN Cognito behind HTTPS (a certificate for localhost that the function trusts through the standard
        // trust-store properties): on AWS every call is TLS, which the loopback stand-in alone never exercises. In the
        // native executable this is the JDK's TLS stack and certificate path validation as compiled into it.
        try (TlsFront tls = TlsFront.start(standIn.endpoint());
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api,
                        Map.of("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE", tls.endpoint().toString()),
                        tls.trustOptions(), "tls")) {
            // WHEN Jane first signs in through Descope
            Answer answer = api.enqueue(Events.text("link"), Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN she is linked through the TLS front, which completed a TLS 1.3 handshake
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isFalse();
            assertThat(standIn.identities(JANE))
                    .containsExactly(Map.of("providerName", "Descope", "userId", "U2aBcDeF1gHiJkLmN0pQ"));
            assertThat(tls.handshakes()).as("handshakes%n%s", function.output()).isNotEmpty()
                    .allSatisfy(handshake -> assertThat(handshake).startsWith("TLSv1.3 "));
        }
    }

    @Test
    void aCognitoCertificateTheFunctionDoesNotTrustStopsTheLink() throws IOException {
        // GIVEN Cognito behind HTTPS whose certificate the function does NOT trust (no trust-store properties: the
        // default trust anchors, which never name a key made a moment ago)
        try (TlsFront tls = TlsFront.start(standIn.endpoint());
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api,
                        Map.of("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE", tls.endpoint().toString()), "tls-untrusted")) {
            // WHEN Jane first signs in through Descope
            Answer answer = api.enqueue(Events.text("link"), Duration.ofSeconds(5)).await(ANSWER_WAIT);

            // THEN nothing reached Cognito and nothing is linked: the sign-in is refused with the retriable sentence
            // (a lookup that failed refuses by default), never linked through a connection it could not verify
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isTrue();
            assertThat(answer.text()).contains("Sign-in is temporarily unavailable");
            assertThat(tls.handshakes()).isEmpty();
            assertThat(tls.failedHandshakes()).as("the function refused the certificate%n%s", function.output())
                    .isNotEmpty();
            assertThat(standIn.calls()).isEmpty();
            assertThat(standIn.identities(JANE)).isEmpty();
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
    void createAndLinkMakesTheNativeUserAndTheNestedInvocationPassesThroughWithNoCognitoCall() throws IOException {
        // GIVEN create-and-link, and two instances of the packaged function: Cognito runs the Pre sign-up trigger
        // again inside AdminCreateUser (PreSignUp_AdminCreateUser) while the first invocation still waits for its
        // answer, so Lambda hands that nested event to a second, concurrent instance
        // (docs/cognito-facts.md#admin-create-user-trigger). The SDK shapes, the random password and the pool-shape
        // read of this path run only here in the packaged function.
        Map<String, String> createAndLink = Map.of("MERGE_WHEN_NO_NATIVE_USER", "create-and-link");
        try (LambdaRuntimeApi nestedApi = LambdaRuntimeApi.start();
                LambdaFunctionProcess nested = startFunction(nestedApi, createAndLink, "create-and-link-nested");
                LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            // The second JVM starts only once the first polls: the Java runtime client unpacks its JNI library to one
            // shared path in /tmp, and two JVMs doing that at the same instant can crash
            // (docs/cognito-facts.md#lambda-ric-jni-tmp).
            for (int i = 0; i < 300 && nestedApi.firstPollNanos().isEmpty() && nested.isAlive(); i++) {
                sleep(Duration.ofMillis(100));
            }
            assertThat(nestedApi.firstPollNanos()).as("nested instance ready%n%s", nested.output()).isPresent();
            List<Answer> nestedAnswers = new CopyOnWriteArrayList<>();
            List<Integer> callsDuringNested = new CopyOnWriteArrayList<>();
            standIn.onAdminCreateUser(nestedEvent -> {
                int before = standIn.calls().size();
                Answer nestedAnswer = nestedApi.enqueue(nestedEvent.toString(), Duration.ofSeconds(5)).await(ANSWER_WAIT);
                callsDuringNested.add(standIn.calls().size() - before);
                nestedAnswers.add(nestedAnswer);
                if (nestedAnswer.error()) {
                    // As Cognito does with a failed trigger: the create is refused (UserLambdaValidationException)
                    throw new IllegalStateException(nestedAnswer.text());
                }
            });

            try (LambdaFunctionProcess function = startFunction(api, createAndLink, "create-and-link")) {
                // WHEN a person nobody in the pool knows first signs in through Descope (email verified by the IdP)
                String event = Events.text("federated-first");
                Answer answer = api.enqueue(event, Duration.ofSeconds(5)).await(ANSWER_WAIT);

                // THEN the answer is the event itself
                assertThat(answer.error()).as("answer %s%n%s%n--- nested%n%s", answer.text(), function.output(),
                        nested.output()).isFalse();
                assertThat(json.readTree(answer.body())).isEqualTo(json.readTree(event));

                // AND Cognito was searched (exact, then lower-cased: the email has capitals), asked its username
                // shape, asked to create the user silently with the marker of who made it, to set a permanent
                // password, and to link
                assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers",
                        "ListUsers", "DescribeUserPool", "AdminCreateUser", "AdminSetUserPassword",
                        "AdminLinkProviderForUser");
                JsonNode create = standIn.calls("AdminCreateUser").get(0).request();
                assertThat(create.path("MessageAction").asText()).isEqualTo("SUPPRESS");
                Map<String, String> attributes = new LinkedHashMap<>();
                create.path("UserAttributes").forEach(a -> attributes.put(a.path("Name").asText(),
                        a.path("Value").asText()));
                assertThat(attributes).containsEntry("email", "New.Person@example.com")
                        .containsEntry("email_verified", "true");
                assertThat(json.readTree(attributes.get("custom:merge_created")))
                        .isEqualTo(json.readTree("{\"providerName\":\"Descope\",\"userId\":\"" + NEW_PERSON + "\"}"));
                assertThat(standIn.calls("AdminSetUserPassword").get(0).request().path("Permanent").asBoolean())
                        .isTrue();

                // AND the person now has one confirmed native user holding the Descope identity
                String username = create.path("Username").asText();
                assertThat(standIn.user(username).status()).isEqualTo("CONFIRMED");
                assertThat(standIn.identities(username))
                        .containsExactly(Map.of("providerName", "Descope", "userId", NEW_PERSON));
                Optional<JsonNode> audit = auditLine(function, "linked");
                assertThat(audit).as("audit%n%s", function.output()).isPresent();
                assertThat(audit.get().path("reason").asText()).isEqualTo("created-and-linked");
                assertThat(audit.get().path("CognitoCalls").asInt()).isEqualTo(6);

                // AND the nested invocation went to the second instance, answered with its event and no Cognito call
                assertThat(nestedAnswers).hasSize(1);
                assertThat(nestedAnswers.get(0).error()).as("nested %s", nestedAnswers.get(0).text()).isFalse();
                assertThat(json.readTree(nestedAnswers.get(0).body()).path("triggerSource").asText())
                        .isEqualTo("PreSignUp_AdminCreateUser");
                assertThat(callsDuringNested).containsExactly(0);
                Optional<JsonNode> nestedAudit = auditLine(nested, "continued");
                assertThat(nestedAudit).as("nested audit%n%s", nested.output()).isPresent();
                assertThat(nestedAudit.get().path("reason").asText()).isEqualTo("not-external-provider");
                assertThat(nestedAudit.get().path("CognitoCalls").asInt()).isZero();
            }
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
