package dev.cognitomerge.testing;

import dev.cognitomerge.config.MergeConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * {@link MergeConfig} from {@code MERGE_*} environment variables through SmallRye's own mapping, without starting
 * Quarkus: a setting is tested as a deployment sets it (its variable name and text), defaults included.
 */
public final class EnvironmentConfig {

    private EnvironmentConfig() {
    }

    public static MergeConfig of(Map<String, String> variables) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MergeConfig.class)
                .withSources(new EnvConfigSource(variables, 300))
                .build();
        return config.getConfigMapping(MergeConfig.class);
    }
}
