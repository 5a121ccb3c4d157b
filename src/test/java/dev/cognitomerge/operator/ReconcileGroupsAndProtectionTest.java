package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 5, attacked first: a federated profile must not lend its groups to a native user unless the
 * operator names them, and reconcile must refuse the owners the trigger refuses.
 */
class ReconcileGroupsAndProtectionTest extends OperatorOverStandIn {

    @TempDir
    Path dir;

    /** A split account whose hostile federated profile is in admins (and beta); the native owner is in staff. */
    void hostileProfileInAdmins() {
        standIn.addGroup("admins");
        standIn.addGroup("beta");
        standIn.addGroup("staff");
        standIn.addUser(confirmed("native-pat", "pat@example.com"));
        standIn.addUserToGroup("native-pat", "staff");
        standIn.addUser(federated("pat", "pat@example.com", true));
        standIn.addUserToGroup("Descope_pat", "admins");
        standIn.addUserToGroup("Descope_pat", "beta");
    }

    @Test
    void aHostileProfilesAdminsGroupIsNeverCopiedUnlessNamed() {
        // GIVEN a federated profile in admins and beta, repairable onto native-pat
        hostileProfileInAdmins();

        // WHEN the repair is applied with only beta allowed
        Run run = operator("reconcile", "--apply", "--journal", dir.resolve("j.jsonl").toString(), "--copy-groups", "beta");

        // THEN the native user gains beta, never admins, and the row says admins was not copied
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(standIn.groups("native-pat")).containsExactly("staff", "beta");
        JsonNode action = run.lines().stream().filter(line -> "repaired".equals(line.path("action").asText()))
                .findFirst().orElseThrow();
        assertThat(action.path("groupsCopied")).extracting(JsonNode::asText).containsExactly("beta");
        assertThat(action.path("groupsNotCopied")).extracting(JsonNode::asText).containsExactly("admins");
        assertThat(standIn.calls("AdminAddUserToGroup")).hasSize(1);
    }

    @Test
    void withoutCopyGroupsNoGroupIsCopiedAndEveryOneIsListedAsNotCopied() {
        hostileProfileInAdmins();

        Run run = operator("reconcile", "--apply", "--journal", dir.resolve("j.jsonl").toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(standIn.groups("native-pat")).containsExactly("staff");
        assertThat(standIn.calls("AdminAddUserToGroup")).isEmpty();
        JsonNode action = run.lines().stream().filter(line -> "repaired".equals(line.path("action").asText()))
                .findFirst().orElseThrow();
        assertThat(action.path("groupsNotCopied")).extracting(JsonNode::asText).containsExactly("admins", "beta");
    }

    @Test
    void theReportShowsTheGroupsOfBothUsersBeforeAnythingIsApplied() {
        hostileProfileInAdmins();
        String before = standIn.snapshot();

        Run run = operator("reconcile", "--copy-groups", "beta");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode row = run.lineFor("Descope_pat");
        assertThat(row.path("class").asText()).isEqualTo("repairable");
        assertThat(row.path("federatedGroups")).extracting(JsonNode::asText).containsExactly("admins", "beta");
        assertThat(row.path("nativeGroups")).extracting(JsonNode::asText).containsExactly("staff");
        assertThat(row.path("groupsToCopy")).extracting(JsonNode::asText).containsExactly("beta");
        assertThat(row.path("groupsNotCopied")).extracting(JsonNode::asText).containsExactly("admins");
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void anOwnerInAProtectedGroupIsAProtectedAccountAndNeverRepaired() {
        // GIVEN the native owner is in staff, a protected group under mfa-and-groups (no MFA)
        hostileProfileInAdmins();
        String before = standIn.snapshot();

        // WHEN report and apply run with the trigger's mfa-and-groups protection
        Run report = operator("reconcile", "--protected-accounts", "mfa-and-groups", "--protected-groups", "staff");
        Run apply = operator("reconcile", "--apply", "--journal", dir.resolve("j.jsonl").toString(),
                "--protected-accounts", "mfa-and-groups", "--protected-groups", "staff");

        // THEN it is protected-account in both, nothing deleted or linked
        assertThat(report.lineFor("Descope_pat").path("class").asText()).isEqualTo("protected-account");
        assertThat(report.lineFor("Descope_pat").path("destination").asText()).isEqualTo("native-pat");
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        assertThat(standIn.calls("AdminDeleteUser")).isEmpty();
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void anMfaOwnerIsProtectedByDefaultAndRepairableOnlyWhenTheOperatorTurnsProtectionOff() {
        // GIVEN a split account whose native owner has TOTP
        standIn.addUser(federated("Mo", "mo@example.com", true));
        standIn.addUser(confirmed("native-mo", "mo@example.com").withMfa(List.of("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA"));

        // WHEN the report runs with the default and with protection off
        Run byDefault = operator("reconcile");
        Run off = operator("reconcile", "--protected-accounts", "off");

        // THEN the default (mfa) protects it; off is the operator's explicit choice and makes it repairable
        assertThat(byDefault.lineFor("Descope_Mo").path("class").asText()).isEqualTo("protected-account");
        assertThat(off.lineFor("Descope_Mo").path("class").asText()).isEqualTo("repairable");
    }
}
