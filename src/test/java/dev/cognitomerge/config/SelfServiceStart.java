package dev.cognitomerge.config;

import java.util.Optional;

/**
 * {@link SelfServiceSettings} as the function builds them when {@code QUARKUS_LAMBDA_HANDLER=self-service-link}
 * selects the endpoint, without starting Quarkus (tests outside this package that wire the handler by hand).
 */
public final class SelfServiceStart {

    private SelfServiceStart() {
    }

    /** @throws InvalidConfigurationException naming every wrong variable, as at init */
    public static SelfServiceSettings settings(MergeConfig config, MergeSettings merge) {
        return new SelfServiceSettings(config, merge, Optional.of(SelfServiceSettings.HANDLER));
    }
}
