package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.DevCognitoStandIn;
import dev.cognitomerge.testing.Events;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The wiring `./mvnw quarkus:dev` relies on: under the dev profile, with no endpoint override, region or
 * credentials configured by the test, the embedded stand-in starts from src/standin/dev-users.json and
 * the function links against it. (The prod profile's side: PreSignUpHandlerTest shows the bean is absent
 * outside dev, PackagedArtifactIT that its classes are not in function.zip.)
 */
@QuarkusTest
@TestProfile(DevModeWiringTest.DevProfile.class)
class DevModeWiringTest {

    public static class DevProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }
    }

    @Test
    void theDevProfileStartsTheStandInAndTheFunctionLinksAgainstIt() throws Exception {
        // GIVEN the dev profile and no Cognito endpoint from the test
        assertThat(ConfigProvider.getConfig().getOptionalValue("quarkus.cognito-user-pools.endpoint-override",
                String.class)).isEmpty();
        assertThat(Arc.container().instance(DevCognitoStandIn.class).isAvailable()).isTrue();

        // WHEN the README's sample event is posted
        given().contentType("application/json").body(Events.text("link")).when().post().then().statusCode(200);

        // THEN the seeded user holds the Descope identity, as the stand-in's read-only endpoint shows
        URI users = URI.create(standInEndpoint() + "/_standin/users");
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(users).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01")
                .contains("U2aBcDeF1gHiJkLmN0pQ");
    }

    private static String standInEndpoint() {
        return Arc.container().instance(DevCognitoStandIn.class).get().endpoint().toString();
    }
}
