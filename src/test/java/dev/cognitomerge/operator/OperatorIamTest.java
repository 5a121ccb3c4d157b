package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 6: IAM equals the calls. Each command runs against the stand-in on pools that take it down every
 * path that adds a call (a repairable row, protected groups, --copy-groups, a record to clear); the Cognito actions
 * it called must be exactly what terraform/modules/operator-policy/actions.json grants it, which the module's policies
 * are built from (its terraform test pins the outputs to that file).
 */
class OperatorIamTest extends OperatorOverStandIn {

    static final Path ACTIONS = Path.of("terraform/modules/operator-policy/actions.json");

    @TempDir
    Path dir;

    @Test
    void doctorCallsExactlyWhatItsPolicyGrants() throws IOException {
        assertCalls("doctor", () -> {
            standIn.describePool("arn:aws:lambda:us-east-1:123456789012:function:f", List.of(), true);
            standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified"));
            standIn.addAppClient("c1", "web", List.of("email"));
            seedMixedPool();
            return List.of(operator("doctor"));
        });
    }

    @Test
    void theReportCallsExactlyWhatItsPolicyGrants() throws IOException {
        assertCalls("reconcile", () -> {
            seedMixedPool();
            return List.of(operator("reconcile", "--copy-groups", "beta"),
                    operator("reconcile", "--protected-accounts", "mfa-and-groups", "--protected-groups", "admins"));
        });
    }

    @Test
    void applyCallsExactlyWhatItsPolicyGrants() throws IOException {
        assertCalls("reconcile-apply", () -> {
            seedMixedPool();
            return List.of(operator("reconcile", "--apply", "--journal", dir.resolve("a.jsonl").toString(),
                    "--copy-groups", "beta", "--protected-accounts", "mfa-and-groups", "--protected-groups", "admins"));
        });
    }

    @Test
    void linkCallsExactlyWhatItsPolicyGrants() throws IOException {
        assertCalls("link", () -> {
            // lee was unlinked earlier (her record lists the identity), so link has a record to clear
            seedMixedPool();
            standIn.addUser(user("native-lee", "CONFIRMED", true, "email", "lee@example.com", "email_verified", "true",
                    "custom:merge_unlinked", "[{\"providerName\":\"Descope\",\"userId\":\"lee\"}]"));
            return List.of(operator("link", "--username", "native-lee", "--provider-name", "Descope", "--subject", "lee",
                    "--journal", dir.resolve("l.jsonl").toString(), "--protected-accounts", "mfa-and-groups",
                    "--protected-groups", "admins"));
        });
    }

    @Test
    void unlinkCallsExactlyWhatItsPolicyGrants() throws IOException {
        assertCalls("unlink", () -> {
            seedMixedPool();
            return List.of(operator("unlink", "--username", "native-kim", "--provider-name", "Descope", "--subject",
                    "kim", "--journal", dir.resolve("u.jsonl").toString()));
        });
    }

    private void assertCalls(String command, Supplier<List<Run>> runs) throws IOException {
        // GIVEN what the module grants the command
        List<String> granted = new ArrayList<>();
        JSON.readTree(ACTIONS.toFile()).path("commands").path(command).forEach(action -> granted.add(action.asText()));
        assertThat(granted).as("actions.json lists " + command).isNotEmpty();

        // WHEN the command runs down every path that adds a call
        for (Run run : runs.get()) {
            assertThat(run.exitCode()).as(command + ": " + run.stderr()).isIn(0, 1);
        }

        // THEN its calls are exactly the granted actions: nothing missing from the policy, nothing extra in it
        TreeSet<String> called = new TreeSet<>();
        standIn.calls().stream().map(RecordedCall::operation).forEach(called::add);
        assertThat(called).as(command + " called " + called + "; actions.json grants " + granted)
                .containsExactlyElementsOf(new TreeSet<>(granted));
    }
}
