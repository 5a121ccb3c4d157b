package dev.cognitomerge.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeConfig;
import dev.cognitomerge.config.MergeSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Priming runs the SDK and the handler end to end against its loopback responder, with nothing left running and
 * nothing printed: what SnapStart snapshots must not hold threads, sockets or audit lines of a sign-up that
 * never happened. (LambdaRuntimeIT runs it inside a real SnapStart init.)
 */
class CognitoPrimingTest {

    @Test
    void theSdkPathRunsAgainstTheLoopbackResponderAndLeavesNoThreadBehind() {
        assertThatCode(CognitoPriming::primeSdk).doesNotThrowAnyException();

        assertThat(responderThreads()).isEmpty();
    }

    @Test
    void aSyntheticSignUpLinksThroughTheHandlerWithTheDefaultPolicy() throws Exception {
        String outcome = CognitoPriming.primeInvocation(settings(Map.of()), new ObjectMapper());

        assertThat(outcome).isEqualTo("linked");
        assertThat(responderThreads()).isEmpty();
    }

    @Test
    void aSubjectAttributeInTheConfigurationIsHonouredBySyntheticSignUps() throws Exception {
        MergeSettings withSubjectAttribute = settings(Map.of("merge.subject-attribute", "custom:idp_sub"));

        assertThat(CognitoPriming.primeInvocation(withSubjectAttribute, new ObjectMapper())).isEqualTo("linked");
    }

    @Test
    void tlsWarmUpNeedsNoNetwork() {
        assertThatCode(CognitoPriming::warmTls).doesNotThrowAnyException();
    }

    static List<Thread> responderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("cognito-priming-responder") && thread.isAlive())
                .toList();
    }

    /** The real mapping with its defaults and {@code properties}, without starting Quarkus. */
    static MergeSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MergeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "4500ms" syntax
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return new MergeSettings(config.getConfigMapping(MergeConfig.class));
    }
}
