package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With MERGE_WHEN_NO_NATIVE_USER and MERGE_NATIVE_SIGN_UP_GUARD at their defaults, the new sample events are
 * answered exactly as before those settings existed: nothing is created, nothing is refused, and native
 * sign-ups and the function's own AdminCreateUser cost no Cognito call.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class AccountDefaultsTest extends FunctionOverStandIn {

    @BeforeEach
    void setUp() {
        standIn.reset();
        standIn.addUser(StandInUser.federatedOnly("Google_109876543210987654321", "fed@example.com"));
        captureAudit();
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}, {3} calls")
    @CsvSource({
            "federated-first,        continued, no-candidate,          2",
            "federated-user-exists,  continued, no-candidate,          1",
            "native-after-federated, continued, not-external-provider, 0",
            "admin-create-user,      continued, not-external-provider, 0",
    })
    void continuesAsBeforeAndCreatesNothing(String event, String outcome, String reason, int calls) {
        given().contentType("application/json").body(Events.text(event)).when().post().then().statusCode(200);

        assertThat(standIn.calls()).hasSize(calls);
        assertThat(standIn.calls("AdminCreateUser")).isEmpty();
        assertThat(audit.last().path("outcome").asText()).isEqualTo(outcome);
        assertThat(audit.last().path("reason").asText()).isEqualTo(reason);
    }
}
