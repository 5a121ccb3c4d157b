package dev.cognitomerge.testing;

import dev.cognitomerge.standin.CognitoStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts the Cognito stand-in on a free loopback port and points the function's real SDK client at it
 * with {@code quarkus.cognito-user-pools.endpoint-override}: requests are serialised, signed, retried
 * and their errors mapped by the SDK exactly as against Cognito.
 */
public class StandInResource implements QuarkusTestResourceLifecycleManager {

    public static final String POOL_ID = "us-east-1_DevPool01";

    private CognitoStandIn standIn;

    @Override
    public Map<String, String> start() {
        try {
            standIn = CognitoStandIn.start(POOL_ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.cognito-user-pools.endpoint-override", standIn.endpoint().toString(),
                "quarkus.cognito-user-pools.aws.region", "us-east-1",
                "quarkus.cognito-user-pools.aws.credentials.type", "static",
                "quarkus.cognito-user-pools.aws.credentials.static-provider.access-key-id", "test-only",
                "quarkus.cognito-user-pools.aws.credentials.static-provider.secret-access-key", "test-only");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(standIn,
                new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, CognitoStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
