package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.testing.HttpEvents;
import dev.cognitomerge.testing.LambdaFunctionProcess;
import dev.cognitomerge.testing.LambdaRuntimeApi;
import dev.cognitomerge.testing.LambdaRuntimeApi.Answer;
import dev.cognitomerge.testing.LambdaRuntimeApi.RuntimeError;
import dev.cognitomerge.testing.OidcStandIn;
import dev.cognitomerge.testing.Packaging;
import dev.cognitomerge.testing.TaskRoot;
import dev.cognitomerge.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged function.zip as the self-service link endpoint (QUARKUS_LAMBDA_HANDLER=self-service-link), run the way
 * its Lambda runtime runs it ({@link Packaging}), fed payload-2.0 HTTP events through a Lambda Runtime API on loopback,
 * verifying both tokens against the loopback OpenID issuers and linking through the real AWS SDK in the Cognito
 * stand-in: the same package the trigger is, with another handler selected.
 */
class SelfServiceLinkRuntimeIT {

    static final String POOL_ID = "us-east-1_DevPool01";
    static final String CLIENT_ID = "4abcdefghijklmnopqrstuvw12";
    static final String AUDIENCE = "P2DescopeProject0001";
    static final String MORGAN = "f5a6b7c8-d9e0-4f1a-8b2c-4d5e6f7a8b07";
    static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    static final Packaging PACKAGING = Packaging.built();

    static TaskRoot task;
    static CognitoStandIn standIn;
    static OidcStandIn oidc;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void unpackTheFunctionAndStartCognitoAndTheIssuers() throws IOException {
        Path zip = TaskRoot.functionZip();
        assertThat(zip).as("run `./mvnw package` first").exists();
        task = TaskRoot.unzip(zip);
        standIn = CognitoStandIn.start(POOL_ID);
        oidc = OidcStandIn.start();
        oidc.issuer(POOL_ID).publish(OidcStandIn.rsaKey("cognito-1"));
        oidc.issuer("descope").publish(OidcStandIn.rsaKey("descope-1"));
    }

    @AfterAll
    static void stop() {
        if (standIn != null) {
            standIn.close();
        }
        if (oidc != null) {
            oidc.close();
        }
        if (task != null) {
            task.close();
        }
    }

    @BeforeEach
    void seedTheDevUsers() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
    }

    Map<String, String> selfServiceEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_LAMBDA_HANDLER", "self-service-link");
        env.put("MERGE_SELF_SERVICE_USER_POOL_ID", POOL_ID);
        env.put("MERGE_SELF_SERVICE_CLIENT_IDS", CLIENT_ID);
        env.put("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", "https://app.example.com");
        env.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", oidc.issuer(POOL_ID).url());
        env.put("MERGE_PROVIDER__DESCOPE__ISSUER", oidc.issuer("descope").url());
        env.put("MERGE_PROVIDER__DESCOPE__AUDIENCE", AUDIENCE);
        return env;
    }

    LambdaFunctionProcess startFunction(LambdaRuntimeApi api, Map<String, String> extraEnvironment, String name) {
        Map<String, String> env = PACKAGING.environment(api.address(), task.dir());
        env.put("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE", standIn.endpoint().toString());
        env.putAll(extraEnvironment);
        return LambdaFunctionProcess.start(PACKAGING.command(task.dir(), List.of()), env, task.dir(),
                Path.of("target", "self-service-runtime-it", PACKAGING.manifestName()), name);
    }

    String morganSignIn() {
        return Tokens.sign(oidc.issuer(POOL_ID).key("cognito-1"),
                Tokens.cognito(oidc.issuer(POOL_ID).url(), CLIENT_ID, MORGAN, Instant.now().minusSeconds(20)).build());
    }

    String morganAtDescope() {
        return Tokens.sign(oidc.issuer("descope").key("descope-1"), Tokens.identity(oidc.issuer("descope").url(),
                AUDIENCE, "U2pRoTeCtEdMfA00001", "morgan@example.com").build());
    }

    @Test
    void thePackagedFunctionLinksThroughTheRuntimeAndRefusesAForgedToken() throws IOException {
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, selfServiceEnvironment(), "link")) {
            // GIVEN the packaged function started as the endpoint; WHEN the application posts Morgan's two sign-ins
            String event = HttpEvents.link(morganSignIn(), "Descope", morganAtDescope(), "https://app.example.com")
                    .toString();
            Answer answer = api.enqueue(event, Duration.ofSeconds(10)).await(ANSWER_WAIT);

            // THEN the runtime gets a payload-2.0 answer: 200, linked, and Cognito holds the link
            assertThat(answer.error()).as("answer %s%n%s", answer.text(), function.output()).isFalse();
            JsonNode response = json.readTree(answer.body());
            assertThat(response.path("statusCode").asInt()).as("%s%n%s", response, function.output()).isEqualTo(200);
            assertThat(json.readTree(response.path("body").asText()).path("linked").asBoolean()).isTrue();
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("AdminGetUser", "AdminGetUser", "AdminLinkProviderForUser");
            assertThat(standIn.identities(MORGAN))
                    .containsExactly(Map.of("providerName", "Descope", "userId", "U2pRoTeCtEdMfA00001"));
            assertThat(auditLine(function, "linked")).as("audit%n%s", function.output()).isPresent();

            // WHEN a token whose header says alg none arrives in the native sign-in's place
            String forged = Tokens.unsigned(Tokens.cognito(oidc.issuer(POOL_ID).url(), CLIENT_ID, MORGAN,
                    Instant.now()).build(), "cognito-1");
            Answer refused = api.enqueue(HttpEvents.link(forged, "Descope", morganAtDescope(), null).toString(),
                    Duration.ofSeconds(10)).await(ANSWER_WAIT);

            // THEN it is a 401 invalid-token answer (not an invocation error), and Cognito is not asked
            assertThat(refused.error()).isFalse();
            JsonNode refusal = json.readTree(refused.body());
            assertThat(refusal.path("statusCode").asInt()).isEqualTo(401);
            assertThat(json.readTree(refusal.path("body").asText()).path("error").asText()).isEqualTo("invalid-token");
            assertThat(standIn.calls()).hasSize(3);
        }
    }

    @Test
    void withoutItsSettingsTheEndpointStopsAtInitNamingThem() throws IOException {
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = startFunction(api, Map.of("QUARKUS_LAMBDA_HANDLER",
                        "self-service-link"), "missing-settings")) {
            Optional<RuntimeError> initError = api.awaitInitError(ANSWER_WAIT);

            assertThat(initError).as("init error%n%s", function.output()).isPresent();
            assertThat(initError.get().body()).contains("MERGE_SELF_SERVICE_USER_POOL_ID")
                    .contains("MERGE_SELF_SERVICE_CLIENT_IDS");
            assertThat(standIn.calls()).isEmpty();
        }
    }

    Optional<JsonNode> auditLine(LambdaFunctionProcess function, String outcome) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            for (String line : function.stdout().split("\n")) {
                if (line.contains("\"audit\":\"self-service-link\"")) {
                    JsonNode audit = json.readTree(line.substring(line.indexOf('{')));
                    if (audit.path("outcome").asText().equals(outcome)) {
                        return Optional.of(audit);
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.empty();
    }
}
