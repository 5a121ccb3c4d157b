package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MERGE_NATIVE_SIGN_UP_GUARD=refuse with a message of the operator's own, through the real SDK. */
@QuarkusTest
@TestProfile(NativeSignUpGuardTest.Guard.class)
@WithTestResource(StandInResource.class)
class NativeSignUpGuardTest extends FunctionOverStandIn {

    static final String MESSAGE = "You already sign in with Descope. Please use Descope.";

    public static class Guard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.native-sign-up-guard", "refuse", "merge.native-sign-up-guard-message", MESSAGE);
        }
    }

    @BeforeEach
    void setUp() {
        standIn.reset();
        standIn.addUser(StandInUser.federatedOnly("Descope_U2fEd", "fed@example.com"));
        captureAudit();
    }

    static Response invoke(String body) {
        return given().contentType("application/json").body(body).when().post();
    }

    @Test
    void refusesANativeSignUpWhoseEmailAFederatedOnlyUserHoldsWithTheConfiguredMessage() {
        // GIVEN fed@example.com exists only through Descope; WHEN someone signs up natively as Fed@Example.com
        Response response = invoke(Events.text("native-after-federated"));

        // THEN the sign-up is refused with the operator's message
        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage")).isEqualTo(MESSAGE);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("federated-account-exists");
        assertThat(standIn.calls()).allSatisfy(call -> assertThat(call.operation()).isEqualTo("ListUsers"));
    }

    @Test
    void aLowerCaseEmailCostsOneSearch() {
        ObjectNode event = Events.tree("native-after-federated");
        Events.attributes(event).put("email", "fed@example.com");

        invoke(event.toString()).then().statusCode(500);

        assertThat(standIn.calls()).hasSize(1);
        assertThat(standIn.calls("ListUsers").get(0).filter()).isEqualTo("email = \"fed@example.com\"");
    }

    @Test
    void letsANativeSignUpGoOnWhenNoFederatedOnlyUserHoldsTheEmail() {
        standIn.addUser(StandInUser.confirmed("jane", "jane.new@example.com"));

        invoke(Events.text("native-sign-up")).then().statusCode(200);

        assertThat(standIn.calls()).hasSize(1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("continued");
        assertThat(audit.last().path("reason").asText()).isEqualTo("native-sign-up-allowed");
    }

    @Test
    void neverRefusesAnAdminCreateUserAndMakesNoCallForIt() {
        invoke(Events.text("admin-create-user")).then().statusCode(200);

        assertThat(standIn.calls()).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("not-external-provider");
    }

    @Test
    void aFailedSearchFollowsOnLookupFailed() {
        standIn.script("ListUsers", Fault.internalError(), Fault.internalError(), Fault.internalError());

        Response response = invoke(Events.text("native-sign-up"));

        response.then().statusCode(500);
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
    }
}
