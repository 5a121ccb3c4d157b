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

/** reconcile, report and --apply, end to end through the real SDK against the stand-in. */
class ReconcileTest extends OperatorOverStandIn {

    static final List<String> REPAIRABLE = List.of("Descope_Bob", "Descope_ann");
    /** The users a repair may touch: the two federated profiles and their native owners. */
    static final List<String> TOUCHED = List.of("Descope_Bob", "Descope_ann", "native-ann", "native-bob");

    @TempDir
    Path dir;

    @Test
    void theReportListsExactlyTheRepairableProfilesAndChangesNothing() {
        // GIVEN a pool with one user of every kind
        seedMixedPool();
        String before = standIn.snapshot();

        // WHEN the report runs
        Run run = operator("reconcile");

        // THEN exactly the two repairable profiles are repairable, every other one says why, and the pool is as it was
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.users("class", "repairable")).containsExactlyElementsOf(REPAIRABLE);
        assertThat(run.lineFor("Descope_ann").path("destination").asText()).isEqualTo("native-ann");
        assertThat(run.lineFor("Descope_Bob").path("destination").asText()).isEqualTo("native-bob");
        assertThat(run.users("class", "ambiguous")).containsExactly("Descope_cat");
        assertThat(run.users("class", "candidate-not-qualified")).containsExactly("Descope_dan", "Descope_eve", "Descope_fay");
        assertThat(run.lineFor("Descope_dan").path("why").asText()).isEqualTo("candidate-disabled");
        assertThat(run.lineFor("Descope_eve").path("why").asText()).isEqualTo("candidate-not-confirmed");
        assertThat(run.lineFor("Descope_fay").path("why").asText()).isEqualTo("candidate-email-not-verified");
        assertThat(run.users("class", "federated-email-unverified")).containsExactly("Descope_gus");
        assertThat(run.users("class", "no-native-user")).containsExactly("Descope_hal");
        assertThat(run.users("class", "link-limit-reached")).containsExactly("Descope_ivy");
        assertThat(run.stdout()).doesNotContain("Google_jon").doesNotContain("native-kim\"");
        JsonNode summary = run.summary();
        assertThat(summary.path("summary").asText()).isEqualTo("reconcile");
        assertThat(summary.path("counts").path("repairable").asInt()).isEqualTo(2);
        assertThat(summary.path("listUsersPages").asInt()).isPositive();
        assertThat(summary.has("seconds")).isTrue();
        // (reads only: the pool's size, the listing, the MFA state of the owners a repair would link to, and the
        // groups of both users of each repairable row)
        assertThat(standIn.calls()).extracting(call -> call.operation())
                .containsOnly("DescribeUserPool", "ListUsers", "AdminGetUser", "AdminListGroupsForUser");
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void aRepairNeverLinksAnOwnerWithMfaAndSaysToLinkDeliberately() throws IOException {
        // GIVEN a split account whose native owner has TOTP: the trigger would refuse it as protected-account
        standIn.addUser(federated("Mo", "mo@example.com", true));
        standIn.addUser(confirmed("native-mo", "mo@example.com").withMfa(List.of("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA"));
        String before = standIn.snapshot();

        // WHEN the report runs, and then --apply
        Run report = operator("reconcile");
        Run apply = operator("reconcile", "--apply", "--journal", dir.resolve("journal.jsonl").toString());

        // THEN it is reported as protected, never repaired: an operator verifies the person and uses `link`
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.users("class", "protected-account")).containsExactly("Descope_Mo");
        assertThat(report.users("class", "repairable")).isEmpty();
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(standIn.calls()).extracting(call -> call.operation())
                .doesNotContain("AdminDeleteUser", "AdminLinkProviderForUser");
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void applyRepairsExactlyTheRepairableProfilesAndTouchesNoOtherUser() throws IOException {
        // GIVEN the mixed pool
        seedMixedPool();
        Map<String, JsonNode> before = usersByName();

        // WHEN repairs are applied
        Run run = operator("reconcile", "--apply", "--journal", dir.resolve("journal.jsonl").toString());

        // THEN the two profiles are gone, their identities are linked to their owners, and nothing else changed
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.users("action", "repaired")).containsExactlyElementsOf(REPAIRABLE);
        Map<String, JsonNode> after = usersByName();
        assertThat(after).doesNotContainKeys("Descope_ann", "Descope_Bob");
        assertThat(standIn.identities("native-ann")).containsExactly(Map.of("providerName", "Descope", "userId", "ann"));
        assertThat(standIn.identities("native-bob")).containsExactly(Map.of("providerName", "Descope", "userId", "Bob"));
        before.keySet().stream().filter(name -> !TOUCHED.contains(name))
                .forEach(name -> assertThat(after.get(name)).as(name).isEqualTo(before.get(name)));
        assertThat(after.get("native-ann").path("UserStatus")).isEqualTo(before.get("native-ann").path("UserStatus"));
        assertThat(standIn.groups("native-ann")).as("groups are copied only with --copy-groups").isEmpty();
    }

    @Test
    void theJournalHoldsTheWholeProfileAndItsGroupsBeforeTheDelete() throws IOException {
        // GIVEN a repairable profile in a group
        seedMixedPool();
        Path journal = dir.resolve("journal.jsonl");

        // WHEN repairs are applied with --copy-groups
        Run run = operator("reconcile", "--apply", "--copy-groups", "beta", "--journal", journal.toString());

        // THEN the journal names the pool, holds the profile's attributes, groups and identity before "deleted",
        // and the native user got the group
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<JsonNode> lines = journalLines(journal);
        assertThat(lines.get(0).path("userPoolId").asText()).isEqualTo(POOL_ID);
        List<String> annEvents = lines.stream().filter(line -> "Descope_ann".equals(line.path("id").asText()))
                .map(line -> line.path("event").asText()).toList();
        assertThat(annEvents).containsExactly("intent", "deleted", "linked", "group-added", "done");
        JsonNode intent = lines.stream().filter(line -> "Descope_ann".equals(line.path("id").asText())).findFirst().orElseThrow();
        assertThat(intent.path("federatedUser").path("attributes").path("email").asText()).isEqualTo("ann@example.com");
        assertThat(intent.path("federatedUser").path("attributes").has("sub")).isTrue();
        assertThat(intent.path("groups").get(0).asText()).isEqualTo("beta");
        assertThat(intent.path("identity").path("subject").asText()).isEqualTo("ann");
        assertThat(intent.path("destination").asText()).isEqualTo("native-ann");
        assertThat(standIn.groups("native-ann")).containsExactly("beta");
    }

    @Test
    void aFaultBetweenDeleteAndLinkStopsWithWhatWasDoneAndTheRerunCompletesIt() throws IOException {
        // GIVEN a link call that fails once with an error retrying does not fix
        seedMixedPool();
        Path journal = dir.resolve("journal.jsonl");
        standIn.script("AdminLinkProviderForUser", new Fault.Error(400, "NotAuthorizedException", "injected"));

        // WHEN apply runs, then runs again with the same journal
        Run first = operator("reconcile", "--apply", "--journal", journal.toString());
        boolean linkedAfterFirst = !standIn.identities("native-bob").isEmpty() || !standIn.identities("native-ann").isEmpty();
        boolean annDeletedAfterFirst = standIn.user("Descope_ann") == null;
        boolean bobUntouchedAfterFirst = standIn.user("Descope_Bob") != null;
        Run second = operator("reconcile", "--apply", "--journal", journal.toString());

        // THEN the first run stops, saying the profile was deleted and the link was not made; the rerun completes it
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stderr()).contains("Stopped at Descope_ann", "federated profile deleted", "not done",
                "NotAuthorizedException", "Rerun the same command");
        assertThat(annDeletedAfterFirst).isTrue();
        assertThat(bobUntouchedAfterFirst).as("not started").isTrue();
        assertThat(linkedAfterFirst).isFalse();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.users("action", "resumed")).containsExactly("Descope_ann");
        assertThat(second.users("action", "repaired")).containsExactly("Descope_Bob");
        assertThat(standIn.identities("native-bob")).containsExactly(Map.of("providerName", "Descope", "userId", "Bob"));
        assertThat(standIn.identities("native-ann")).containsExactly(Map.of("providerName", "Descope", "userId", "ann"));
    }

    @Test
    void throttlingIsRetriedAndTheRepairStillHappensOnce() {
        // GIVEN Cognito throttles listing, deleting and linking several times in a row
        seedMixedPool();
        standIn.script("ListUsers", Fault.throttled(), Fault.throttled(), Fault.throttled());
        standIn.script("AdminDeleteUser", Fault.throttled(), Fault.throttled());
        standIn.script("AdminLinkProviderForUser", Fault.throttled());

        // WHEN repairs are applied
        Run run = operator("reconcile", "--apply", "--journal", dir.resolve("journal.jsonl").toString());

        // THEN every throttled call was retried and each profile was repaired exactly once
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.users("action", "repaired")).containsExactlyElementsOf(REPAIRABLE);
        assertThat(run.summary().path("retries").asInt()).isEqualTo(6);
        assertThat(standIn.identities("native-ann")).hasSize(1);
    }

    @Test
    void aRerunWithTheSameJournalChangesNothing() {
        // GIVEN a completed apply
        seedMixedPool();
        String journal = dir.resolve("journal.jsonl").toString();
        operator("reconcile", "--apply", "--journal", journal);
        String after = standIn.snapshot();

        // WHEN it runs again
        Run again = operator("reconcile", "--apply", "--journal", journal);

        // THEN nothing is repaired, deleted or linked
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.users("action", "repaired")).isEmpty();
        assertThat(standIn.snapshot()).isEqualTo(after);
    }

    @Test
    void applyRefusesToRunWithoutAJournal() {
        seedMixedPool();
        String before = standIn.snapshot();

        Run run = operator("reconcile", "--apply");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--apply needs --journal").doesNotContain("Exception");
        assertThat(standIn.calls()).isEmpty();
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void applyRefusesAJournalOfAnotherPool() throws IOException {
        // GIVEN a journal written for another pool
        seedMixedPool();
        Path journal = dir.resolve("journal.jsonl");
        Files.writeString(journal, "{\"journal\":\"cognito-merge-operator-journal\",\"version\":1,"
                + "\"userPoolId\":\"eu-west-1_Other\"}\n");
        String before = standIn.snapshot();

        // WHEN apply is given it
        Run run = operator("reconcile", "--apply", "--journal", journal.toString());

        // THEN it refuses before any call
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("belongs to user pool eu-west-1_Other");
        assertThat(standIn.calls()).isEmpty();
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    private Map<String, JsonNode> usersByName() throws IOException {
        Map<String, JsonNode> users = new java.util.TreeMap<>();
        for (JsonNode user : JSON.readTree(standIn.snapshot()).path("users")) {
            users.put(user.path("Username").asText(), user);
        }
        return users;
    }

    private static List<JsonNode> journalLines(Path journal) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
