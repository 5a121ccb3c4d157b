package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unlink and link: one native user, one identity, journaled. */
class IdentityCommandTest extends OperatorOverStandIn {

    @TempDir
    Path dir;

    @Test
    void unlinkRemovesTheLinkAndLinkPutsItBack() throws Exception {
        // GIVEN kim's account with her Descope identity linked
        seedMixedPool();
        String journal = dir.resolve("journal.jsonl").toString();

        // WHEN it is unlinked, then linked again after an out-of-band check
        Run unlink = operator("unlink", "--username", "native-kim", "--provider-name", "Descope", "--subject", "kim",
                "--journal", journal);
        boolean unlinked = standIn.identities("native-kim").isEmpty();
        Run link = operator("link", "--username", "native-kim", "--provider-name", "Descope", "--subject", "kim",
                "--journal", journal);

        // THEN each did its one change, and the journal holds both intents with the user's attributes
        assertThat(unlink.exitCode()).as(unlink.stderr()).isZero();
        assertThat(unlink.lineFor("native-kim").path("action").asText()).isEqualTo("unlinked");
        assertThat(unlinked).isTrue();
        assertThat(link.exitCode()).as(link.stderr()).isZero();
        assertThat(link.lineFor("native-kim").path("action").asText()).isEqualTo("linked");
        assertThat(standIn.identities("native-kim")).containsExactly(Map.of("providerName", "Descope", "userId", "kim"));
        String text = Files.readString(Path.of(journal));
        assertThat(text).contains("\"action\":\"unlink\"", "\"action\":\"link\"", "kim@example.com");
    }

    @Test
    void linkRefusesAnIdentityThatHasItsOwnProfile() {
        // GIVEN ann's identity still has its federated profile
        seedMixedPool();
        String before = standIn.snapshot();

        // WHEN an operator links it by hand
        Run run = operator("link", "--username", "native-ann", "--provider-name", "Descope", "--subject", "ann",
                "--journal", dir.resolve("journal.jsonl").toString());

        // THEN it refuses, pointing at reconcile, and changes nothing
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("already has its own federated profile 'Descope_ann'", "reconcile --apply",
                "Nothing was changed");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(standIn.snapshot()).isEqualTo(before);
    }

    @Test
    void unlinkOfAnIdentityThatIsNotLinkedChangesNothing() {
        seedMixedPool();

        Run run = operator("unlink", "--username", "native-ann", "--provider-name", "Descope", "--subject", "nobody",
                "--journal", dir.resolve("journal.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("has no linked identity", "Nothing was changed");
        assertThat(standIn.calls("AdminDisableProviderForUser")).isEmpty();
    }

    @Test
    void linkAndUnlinkNeedAJournal() {
        seedMixedPool();

        Run run = operator("link", "--username", "native-kim", "--provider-name", "Descope", "--subject", "kim2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("link needs --journal");
        assertThat(standIn.calls()).isEmpty();
    }
}
