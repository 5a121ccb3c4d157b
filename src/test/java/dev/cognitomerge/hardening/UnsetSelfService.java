package dev.cognitomerge.hardening;

import dev.cognitomerge.config.MergeConfig;
import java.util.Optional;

/** No MERGE_SELF_SERVICE_* setting at all: what the trigger runs with. */
final class UnsetSelfService implements MergeConfig.SelfService {

    static final UnsetSelfService INSTANCE = new UnsetSelfService();

    @Override
    public Optional<String> userPoolId() {
        return Optional.empty();
    }

    @Override
    public Optional<String> clientIds() {
        return Optional.empty();
    }

    @Override
    public Optional<String> allowedOrigins() {
        return Optional.empty();
    }

    @Override
    public Optional<String> maxAuthAge() {
        return Optional.empty();
    }

    @Override
    public Optional<String> cognitoIssuer() {
        return Optional.empty();
    }
}
