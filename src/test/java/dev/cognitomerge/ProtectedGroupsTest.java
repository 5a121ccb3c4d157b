package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MERGE_PROTECTED_ACCOUNTS=mfa-and-groups with MERGE_PROTECTED_GROUPS=admins: the owner's groups are read
 * through AdminListGroupsForUser (the real SDK against the stand-in), every page, and a member of a protected
 * group is refused like an MFA account. A custom message is shown.
 */
@QuarkusTest
@TestProfile(ProtectedGroupsTest.ProtectedGroups.class)
@WithTestResource(StandInResource.class)
class ProtectedGroupsTest extends FunctionOverStandIn {

    static final String MESSAGE = "Sign in with your password first, then add Descope under Settings.";

    public static class ProtectedGroups implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.protected-accounts", "mfa-and-groups",
                    "merge.protected-groups", "admins,billing",
                    "merge.protected-account-message", MESSAGE);
        }
    }

    @BeforeEach
    void setUp() {
        standIn.reset();
        standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
        captureAudit();
    }

    static Response invokeLink() {
        return given().contentType("application/json").body(Events.text("link")).when().post();
    }

    @Test
    void refusesAMemberOfAProtectedGroupWithTheConfiguredMessage() {
        standIn.user("jane").inGroups("readers", "admins");

        Response response = invokeLink();

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage")).isEqualTo(MESSAGE);
        assertThat(standIn.calls()).extracting(RecordedCall::operation)
                .containsExactly("ListUsers", "AdminGetUser", "AdminListGroupsForUser");
        assertThat(standIn.identities("jane")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("protected-account");
    }

    @Test
    void findsAProtectedGroupOnALaterPage() {
        // 61 groups: "admins" is the 61st, on the second page of 60
        standIn.user("jane").inGroups(IntStream.range(0, 60).mapToObj(i -> "team-" + i).toArray(String[]::new));
        standIn.user("jane").inGroups("admins");

        invokeLink().then().statusCode(500);

        assertThat(standIn.calls("AdminListGroupsForUser")).hasSize(2);
        assertThat(standIn.calls("AdminListGroupsForUser").get(0).request().path("Limit").asInt()).isEqualTo(60);
        assertThat(audit.last().path("reason").asText()).isEqualTo("protected-account");
    }

    @Test
    void linksAMemberOfOtherGroupsOnly() {
        standIn.user("jane").inGroups("readers", "Admins");

        invokeLink().then().statusCode(200);

        assertThat(standIn.identities("jane")).hasSize(1);
        assertThat(audit.last().path("CognitoCalls").asInt()).isEqualTo(4);
    }

    @Test
    void stillRefusesMfaWithoutReadingGroupsItNoLongerNeeds() {
        standIn.user("jane").withMfa(List.of("SMS_MFA"), "SMS_MFA");

        invokeLink().then().statusCode(500);

        assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers", "AdminGetUser");
        assertThat(audit.last().path("reason").asText()).isEqualTo("protected-account");
    }

    @Test
    void aFailedGroupLookupIsALookupFailure() {
        standIn.script("AdminListGroupsForUser", Fault.internalError(), Fault.internalError(), Fault.internalError());

        invokeLink().then().statusCode(500);

        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("failure").asText()).isEqualTo("list-groups-InternalErrorException");
    }
}
