package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.standin.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 4: an unlink is recorded in the pool (custom:merge_unlinked, docs/trust-model.md) before the link is
 * removed, a link clears the record, both are journaled and complete when rerun, and reconcile never undoes an
 * unlink. The trigger's side (verdict unlinked-by-operator) is pinned by SecurityFindingsTest; RepairWalkthroughTest
 * checks the round trip through the function.
 */
class UnlinkThatSticksTest extends OperatorOverStandIn {

    static final String RECORD = "custom:merge_unlinked";

    @TempDir
    Path dir;

    String journal() {
        return dir.resolve("journal.jsonl").toString();
    }

    Run unlinkKim() {
        return operator("unlink", "--username", "native-kim", "--provider-name", "Descope", "--subject", "kim",
                "--journal", journal());
    }

    Run linkKim(String... more) {
        List<String> args = new ArrayList<>(List.of("--username", "native-kim", "--provider-name", "Descope",
                "--subject", "kim", "--journal", journal()));
        args.addAll(List.of(more));
        return operator("link", args.toArray(String[]::new));
    }

    @Test
    void unlinkRecordsTheIdentityBeforeRemovingTheLink() throws IOException {
        // GIVEN kim's account with her Descope identity linked
        seedMixedPool();

        // WHEN it is unlinked
        Run run = unlinkKim();

        // THEN the record was written first, then the link removed; the journal says so in that order
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(standIn.identities("native-kim")).isEmpty();
        assertThat(standIn.user("native-kim").attributes().get(RECORD))
                .isEqualTo("[{\"providerName\":\"Descope\",\"userId\":\"kim\"}]");
        List<String> writes = standIn.calls().stream().map(call -> call.operation())
                .filter(op -> op.startsWith("AdminUpdate") || op.startsWith("AdminDisable")).toList();
        assertThat(writes).containsExactly("AdminUpdateUserAttributes", "AdminDisableProviderForUser");
        assertThat(events(journal())).containsExactly("intent", "recorded", "unlinked", "done");
        assertThat(run.lineFor("native-kim").path("unlinkedRecord").asText()).isEqualTo("written");
    }

    @Test
    void aPoolThatCannotRecordTheUnlinkKeepsTheLink() {
        // GIVEN a pool whose schema has no custom:merge_unlinked (an unlink there would not stick)
        standIn.removeCustomAttribute(RECORD);
        seedMixedPoolWithoutSchema();

        // WHEN unlink runs
        Run run = unlinkKim();

        // THEN it stops before removing the link, and says how to add the attribute
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("AdminUpdateUserAttributes failed", "InvalidParameterException", RECORD);
        assertThat(standIn.calls("AdminDisableProviderForUser")).isEmpty();
        assertThat(standIn.identities("native-kim")).containsExactly(Map.of("providerName", "Descope", "userId", "kim"));
    }

    @Test
    void anUnlinkInterruptedAfterTheRecordCompletesOnTheRerunWithoutWritingTwice() throws IOException {
        // GIVEN AdminDisableProviderForUser fails once, after the record was written
        seedMixedPool();
        standIn.script("AdminDisableProviderForUser", new Fault.Error(400, "NotAuthorizedException", "injected"));

        // WHEN unlink runs, then runs again with the same journal
        Run first = unlinkKim();
        boolean stillLinkedAfterFirst = !standIn.identities("native-kim").isEmpty();
        String recordAfterFirst = standIn.user("native-kim").attributes().get(RECORD);
        Run second = unlinkKim();

        // THEN the interruption left a record and a link (harmless: the trigger never runs for a linked identity),
        // and the rerun removed the link without a second record write
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stderr()).contains("rerun the same command");
        assertThat(stillLinkedAfterFirst).isTrue();
        assertThat(recordAfterFirst).contains("\"userId\":\"kim\"");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(standIn.identities("native-kim")).isEmpty();
        assertThat(standIn.calls("AdminUpdateUserAttributes")).hasSize(1);
        assertThat(events(journal())).containsExactly("intent", "recorded", "unlinked", "done");
    }

    @Test
    void anUnlinkThatWouldOverflowTheAttributeChangesNothing() {
        // GIVEN kim's record already near Cognito's 2,048 characters
        seedMixedPool();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; many.length() < 2000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"providerName\":\"Descope\",\"userId\":\"s").append(i)
                    .append("\"}");
        }
        String longRecord = many.append("]").toString();
        assertThat(longRecord.length()).isLessThanOrEqualTo(2048);
        setRecord("native-kim", longRecord);
        String before = standIn.snapshot();

        Run run = unlinkKim();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("2048", "Nothing was changed");
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void linkClearsTheRecordAfterLinkingAndARerunFindsNothingToDo() throws IOException {
        // GIVEN kim unlinked (recorded)
        seedMixedPool();
        unlinkKim();

        // WHEN an operator links her back deliberately, then runs the same command again
        Run link = linkKim();
        Run again = linkKim();

        // THEN the identity is linked, the record holds [] (written after the link), and the rerun changes nothing
        assertThat(link.exitCode()).as(link.stderr()).isZero();
        assertThat(standIn.identities("native-kim")).containsExactly(Map.of("providerName", "Descope", "userId", "kim"));
        assertThat(standIn.user("native-kim").attributes().get(RECORD)).isEqualTo("[]");
        assertThat(again.lineFor("native-kim").path("action").asText()).isEqualTo("already-linked");
        assertThat(standIn.calls("AdminUpdateUserAttributes")).hasSize(2);
        List<String> linkEvents = eventsOf(journal(), "link:native-kim:Descope:kim");
        assertThat(linkEvents).containsExactly("intent", "linked", "unrecorded", "done");
    }

    @Test
    void aLinkInterruptedBeforeTheRecordIsClearedClearsItOnTheRerun() {
        // GIVEN kim unlinked, and a link whose record clearing fails once
        seedMixedPool();
        unlinkKim();
        standIn.script("AdminUpdateUserAttributes", new Fault.Error(400, "NotAuthorizedException", "injected"));

        Run first = linkKim();
        Run second = linkKim();

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.lineFor("native-kim").path("action").asText()).isEqualTo("already-linked");
        assertThat(standIn.user("native-kim").attributes().get(RECORD)).isEqualTo("[]");
    }

    @Test
    void reconcileNeverRepairsAProfileOntoTheUserItWasUnlinkedFrom() {
        // GIVEN kim unlinked, and her next sign-in made a federated profile (what Cognito does when the trigger
        // continues with unlinked-by-operator)
        seedMixedPool();
        unlinkKim();
        standIn.addUser(federated("kim", "kim@example.com", true));

        // WHEN reconcile reports and applies
        Run report = operator("reconcile");
        Run apply = operator("reconcile", "--apply", "--journal", dir.resolve("repairs.jsonl").toString());

        // THEN the profile is unlinked-by-operator, never repaired: the unlink stays undone only by `link`
        assertThat(report.lineFor("Descope_kim").path("class").asText()).isEqualTo("unlinked-by-operator");
        assertThat(report.lineFor("Descope_kim").path("destination").asText()).isEqualTo("native-kim");
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(standIn.user("Descope_kim")).isNotNull();
        assertThat(standIn.identities("native-kim")).isEmpty();
    }

    @Test
    void anUnreadableRecordIsTreatedAsListingTheIdentity() {
        // GIVEN a record someone overwrote with text that is not a list of identities
        seedMixedPool();
        standIn.addUser(federated("Bo", "bo@example.com", true));
        standIn.addUser(confirmed("native-bo", "bo@example.com"));
        setRecord("native-bo", "oops");

        Run report = operator("reconcile");

        assertThat(report.lineFor("Descope_Bo").path("class").asText()).isEqualTo("unlinked-by-operator");
        assertThat(report.lineFor("Descope_Bo").path("why").asText()).isEqualTo("unlinked-record-unreadable");
    }

    @Test
    void linkRefusesAnMfaOwnerUnlessTheOperatorTurnsProtectionOff() {
        // GIVEN a native owner with TOTP and an identity that is not linked anywhere
        seedMixedPool();
        standIn.addUser(confirmed("native-mo", "mo@example.com").withMfa(List.of("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA"));

        Run refused = operator("link", "--username", "native-mo", "--provider-name", "Descope", "--subject", "mo",
                "--journal", journal());
        boolean linkedAfterRefusal = !standIn.identities("native-mo").isEmpty();
        Run deliberate = operator("link", "--username", "native-mo", "--provider-name", "Descope", "--subject", "mo",
                "--journal", journal(), "--protected-accounts", "off");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("protected account", "--protected-accounts off", "Nothing was changed");
        assertThat(linkedAfterRefusal).isFalse();
        assertThat(deliberate.exitCode()).as(deliberate.stderr()).isZero();
        assertThat(standIn.identities("native-mo")).containsExactly(Map.of("providerName", "Descope", "userId", "mo"));
    }

    private void seedMixedPoolWithoutSchema() {
        standIn.addUser(user("native-kim", "CONFIRMED", true, "email", "kim@example.com", "email_verified", "true",
                "identities", identities("Descope", "kim")));
    }

    private void setRecord(String username, String value) {
        // Through the API, as an operator's console edit would be.
        software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient client =
                software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient.builder()
                        .endpointOverride(standIn.endpoint())
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                        .build();
        try (client) {
            client.adminUpdateUserAttributes(request -> request.userPoolId(POOL_ID).username(username)
                    .userAttributes(a -> a.name(RECORD).value(value)));
        }
    }

    static List<String> events(String journal) throws IOException {
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(journal))) {
            JsonNode entry = JSON.readTree(line);
            if (entry.has("event")) {
                events.add(entry.path("event").asText());
            }
        }
        return events;
    }

    static List<String> eventsOf(String journal, String id) throws IOException {
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(journal))) {
            JsonNode entry = JSON.readTree(line);
            if (id.equals(entry.path("id").asText())) {
                events.add(entry.path("event").asText());
            }
        }
        return events;
    }
}
