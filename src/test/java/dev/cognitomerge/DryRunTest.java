package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MERGE_DRY_RUN=true: the decision runs and is audited, but AdminLinkProviderForUser is never called. */
@QuarkusTest
@TestProfile(DryRunTest.DryRun.class)
@WithTestResource(StandInResource.class)
class DryRunTest extends FunctionOverStandIn {

    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.dry-run", "true", "merge.when-no-native-user", "create-and-link");
        }
    }

    @BeforeEach
    void setUp() {
        standIn.reset();
        standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
        captureAudit();
    }

    @Test
    void namesTheAccountItWouldLinkAndLinksNothing() {
        given().contentType("application/json").body(Events.text("link")).when().post().then().statusCode(200);

        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(standIn.identities("jane")).isEmpty();
        assertThat(audit.last().path("outcome").asText()).isEqualTo("continued");
        assertThat(audit.last().path("reason").asText()).isEqualTo("dry-run");
        assertThat(audit.last().path("destination").asText()).isEqualTo("jane");
        assertThat(audit.last().path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void withCreateAndLinkAuditsWouldCreateAndCreatesNothing() {
        given().contentType("application/json").body(Events.text("federated-first")).when().post().then()
                .statusCode(200);

        assertThat(standIn.calls()).extracting(call -> call.operation()).containsOnly("ListUsers");
        assertThat(audit.last().path("outcome").asText()).isEqualTo("continued");
        assertThat(audit.last().path("reason").asText()).isEqualTo("would-create");
    }
}
