package dev.cognitomerge.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * {@link MergeConfig} as SmallRye maps it, without starting Quarkus: the defaults of the interface apply, and
 * environment variables go through SmallRye's own name mapping (so {@code MERGE_PROTECTED_ACCOUNTS} is tested as
 * a deployment sets it, not as a property name we assume it becomes).
 */
final class MappedConfig {

    private MappedConfig() {
    }

    static MergeConfig fromEnvironment(Map<String, String> variables) {
        return build(new EnvConfigSource(variables, 300));
    }

    static MergeConfig fromProperties(Map<String, String> properties) {
        return build(new PropertiesConfigSource(properties, "test", 300));
    }

    private static MergeConfig build(org.eclipse.microprofile.config.spi.ConfigSource source) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MergeConfig.class)
                // "4500ms" is Quarkus' duration syntax, not SmallRye's: the same converter Quarkus registers.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(source)
                .build();
        return config.getConfigMapping(MergeConfig.class);
    }
}
