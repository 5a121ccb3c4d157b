package dev.cognitomerge.testing;

import dev.cognitomerge.standin.SnsStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts the SNS stand-in on a free loopback port with one topic, and turns link notifications on for it:
 * the function's real SNS client publishes there (signed with the Cognito client's test credentials).
 */
public class SnsStandInResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:account-links";

    private SnsStandIn sns;

    @Override
    public Map<String, String> start() {
        try {
            sns = SnsStandIn.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sns.createTopic(TOPIC_ARN);
        return Map.of(
                "merge.link-notification-topic-arn", TOPIC_ARN,
                "merge.link-notification-endpoint-override", sns.endpoint().toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sns, new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, SnsStandIn.class));
    }

    @Override
    public void stop() {
        if (sns != null) {
            sns.close();
        }
    }
}
