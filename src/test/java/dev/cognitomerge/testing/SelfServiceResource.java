package dev.cognitomerge.testing;

import com.nimbusds.jose.jwk.Curve;
import dev.cognitomerge.standin.CognitoStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The function as the self-service link endpoint (quarkus.lambda.handler=self-service-link), with everything it
 * talks to on loopback: the Cognito stand-in behind the real SDK client ({@link StandInResource}'s wiring) and an
 * {@link OidcStandIn} serving the pool's issuer and Descope's, whose keys are made here.
 */
public class SelfServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final String POOL_ID = StandInResource.POOL_ID;
    public static final String OTHER_POOL_ID = "us-east-1_OtherPool9";
    public static final String CLIENT_ID = "4abcdefghijklmnopqrstuvw12";
    public static final String OTHER_CLIENT_ID = "9zyxwvutsrqponmlkjihgfedc98";
    public static final String DESCOPE = "descope-project";
    public static final String DESCOPE_AUDIENCE = "P2DescopeProject0001";
    public static final String ORIGIN = "https://app.example.com";
    public static final String COGNITO_KID = "cognito-rsa-1";
    public static final String DESCOPE_KID = "descope-rsa-1";
    public static final String DESCOPE_EC_KID = "descope-ec-1";

    private CognitoStandIn standIn;
    private OidcStandIn oidc;

    @Override
    public Map<String, String> start() {
        try {
            standIn = CognitoStandIn.start(POOL_ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        oidc = OidcStandIn.start();
        oidc.issuer(POOL_ID).publish(OidcStandIn.rsaKey(COGNITO_KID));
        oidc.issuer(OTHER_POOL_ID).publish(OidcStandIn.rsaKey("other-pool-rsa-1"));
        oidc.issuer(DESCOPE).publish(OidcStandIn.rsaKey(DESCOPE_KID)).publish(OidcStandIn.ecKey(DESCOPE_EC_KID, Curve.P_256));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.cognito-user-pools.endpoint-override", standIn.endpoint().toString());
        config.put("quarkus.cognito-user-pools.aws.region", "us-east-1");
        config.put("quarkus.cognito-user-pools.aws.credentials.type", "static");
        config.put("quarkus.cognito-user-pools.aws.credentials.static-provider.access-key-id", "test-only");
        config.put("quarkus.cognito-user-pools.aws.credentials.static-provider.secret-access-key", "test-only");
        config.put("quarkus.lambda.handler", "self-service-link");
        config.put("merge.self-service.user-pool-id", POOL_ID);
        config.put("merge.self-service.client-ids", CLIENT_ID);
        config.put("merge.self-service.allowed-origins", ORIGIN);
        config.put("merge.self-service.cognito-issuer", oidc.issuer(POOL_ID).url());
        config.put("merge.provider.descope.issuer", oidc.issuer(DESCOPE).url());
        config.put("merge.provider.descope.audience", DESCOPE_AUDIENCE);
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(standIn,
                new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, CognitoStandIn.class));
        injector.injectIntoFields(oidc, new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, OidcStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
        if (oidc != null) {
            oidc.close();
        }
    }
}
