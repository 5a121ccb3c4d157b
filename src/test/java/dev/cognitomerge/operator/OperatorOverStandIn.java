package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the operator commands in-process, through the real AWS SDK client over HTTP, against the Cognito stand-in
 * on loopback. The credentials come from the SDK's default chain (system properties here), as on an operator's
 * machine.
 */
abstract class OperatorOverStandIn {

    static final String POOL_ID = "us-east-1_Operator1";
    static final ObjectMapper JSON = new ObjectMapper();

    CognitoStandIn standIn;

    @BeforeEach
    void startStandIn() throws IOException {
        System.setProperty("aws.accessKeyId", "test-only");
        System.setProperty("aws.secretAccessKey", "test-only");
        standIn = CognitoStandIn.start(POOL_ID);
    }

    @AfterEach
    void stopStandIn() {
        standIn.close();
    }

    /** What one command printed and returned. */
    record Run(int exitCode, String stdout, String stderr) {

        List<JsonNode> lines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return lines;
        }

        /** The users of the JSON lines whose {@code field} is {@code value}. */
        List<String> users(String field, String value) {
            return lines().stream().filter(line -> value.equals(line.path(field).asText()))
                    .map(line -> line.path("user").asText()).sorted().toList();
        }

        /** The last JSON line: the summary object of a json run. */
        JsonNode summary() {
            List<JsonNode> lines = lines();
            JsonNode last = lines.get(lines.size() - 1);
            assertThat(last.has("summary")).as("the last line is the summary: " + stdout).isTrue();
            return last;
        }

        JsonNode lineFor(String user) {
            return lines().stream().filter(line -> user.equals(line.path("user").asText())).findFirst().orElseThrow();
        }
    }

    Run operator(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--user-pool-id", POOL_ID, "--region", "us-east-1",
                "--endpoint-url", standIn.endpoint().toString(), "--rate", "500"));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OperatorMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static StandInUser user(String username, String status, boolean enabled, String... attributes) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        return new StandInUser(username, status, enabled, map);
    }

    static String identities(String provider, String... subjects) {
        return Stream.of(subjects).map(subject -> "{\"userId\":\"" + subject + "\",\"providerName\":\"" + provider
                + "\",\"providerType\":\"OIDC\",\"primary\":false}").reduce((a, b) -> a + "," + b)
                .map(list -> "[" + list + "]").orElse("[]");
    }

    /** A federated-only profile as Cognito makes it: Descope_<subject>, identities naming the exact subject. */
    static StandInUser federated(String subject, String email, boolean emailVerified) {
        return user("Descope_" + subject, "EXTERNAL_PROVIDER", true, "email", email, "email_verified",
                Boolean.toString(emailVerified), "identities", identities("Descope", subject));
    }

    static StandInUser confirmed(String username, String email) {
        return StandInUser.confirmed(username, email);
    }

    /**
     * A pool with one user of every kind. Repairable: Descope_ann (to native-ann) and Descope_Bob (to native-bob,
     * email in other case). Not repairable: ambiguous (two owners), disabled owner, unconfirmed owner, owner
     * with an unverified email, federated email unverified, no native user, owner at the link limit, another
     * provider's profile, and a native user already linked (not federated-only: not listed).
     */
    void seedMixedPool() {
        standIn.addUser(confirmed("native-ann", "ann@example.com"));
        standIn.addUser(federated("ann", "ann@example.com", true));
        standIn.addGroup("admins");
        standIn.addGroup("beta");
        standIn.addUserToGroup("Descope_ann", "beta");

        standIn.addUser(confirmed("native-bob", "bob@example.com"));
        standIn.addUser(federated("Bob", "BOB@Example.com", true));

        standIn.addUser(confirmed("native-cat-1", "cat@example.com"));
        standIn.addUser(confirmed("native-cat-2", "cat@example.com"));
        standIn.addUser(federated("cat", "cat@example.com", true));

        standIn.addUser(user("native-dan", "CONFIRMED", false, "email", "dan@example.com", "email_verified", "true"));
        standIn.addUser(federated("dan", "dan@example.com", true));

        standIn.addUser(user("native-eve", "UNCONFIRMED", true, "email", "eve@example.com", "email_verified", "false"));
        standIn.addUser(federated("eve", "eve@example.com", true));

        standIn.addUser(user("native-fay", "CONFIRMED", true, "email", "fay@example.com", "email_verified", "false"));
        standIn.addUser(federated("fay", "fay@example.com", true));

        standIn.addUser(confirmed("native-gus", "gus@example.com"));
        standIn.addUser(federated("gus", "gus@example.com", false));

        standIn.addUser(federated("hal", "hal@example.com", true));

        standIn.addUser(user("native-ivy", "CONFIRMED", true, "email", "ivy@example.com", "email_verified", "true",
                "identities", identities("Google", "g1", "g2", "g3", "g4", "g5")));
        standIn.addUser(federated("ivy", "ivy@example.com", true));

        standIn.addUser(user("Google_jon", "EXTERNAL_PROVIDER", true, "email", "jon@example.com", "email_verified", "true"));
        standIn.addUser(confirmed("native-jon", "jon@example.com"));

        standIn.addUser(user("native-kim", "CONFIRMED", true, "email", "kim@example.com", "email_verified", "true",
                "identities", identities("Descope", "kim")));
    }
}
