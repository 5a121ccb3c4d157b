package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MERGE_SUBJECT_ATTRIBUTE=custom:idp_sub. A case-insensitive pool may hand the trigger a lower-cased
 * userName while Descope's user ids are mixed-case (docs/cognito-facts.md#username-case); linking the lower-cased value would
 * link an identity that never signs in. The mapped attribute carries the exact subject.
 */
@QuarkusTest
@TestProfile(SubjectAttributeTest.MappedSubject.class)
@WithTestResource(StandInResource.class)
class SubjectAttributeTest {

    public static class MappedSubject implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.subject-attribute", "custom:idp_sub");
        }
    }

    @InjectStandIn
    CognitoStandIn standIn;

    @BeforeEach
    void setUp() {
        standIn.reset();
        standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
    }

    @Test
    void linksTheExactMixedCaseSubjectWhenCognitoLowerCasedTheUserName() {
        ObjectNode event = Events.tree("link");
        event.put("userName", "descope_u2abcdef1ghijklmn0pq");
        Events.attributes(event).put("custom:idp_sub", "U2aBcDeF1gHiJkLmN0pQ");

        given().contentType("application/json").body(event.toString()).when().post().then().statusCode(200);

        assertThat(standIn.identities("jane"))
                .containsExactly(Map.of("providerName", "Descope", "userId", "U2aBcDeF1gHiJkLmN0pQ"));
    }

    @Test
    void linksNothingWhenTheMappedAttributeIsMissing() {
        given().contentType("application/json").body(Events.text("link")).when().post().then().statusCode(200);

        assertThat(standIn.calls()).isEmpty();
        assertThat(standIn.identities("jane")).isEmpty();
    }
}
