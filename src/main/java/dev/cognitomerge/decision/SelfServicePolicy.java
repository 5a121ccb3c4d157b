package dev.cognitomerge.decision;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated self-service settings the decision reads (built by {@code SelfServiceSettings} at start).
 *
 * @param maxAuthAge how long ago each proof may have been made: the native sign-in's {@code auth_time}, the IdP
 *        token's {@code auth_time} (else {@code iat}); MERGE_SELF_SERVICE_MAX_AUTH_AGE
 * @param clockSkew how far a proof's time may lie in the future of ours before it is nonsense
 * @param providers the providers whose tokens this endpoint verifies (those with an issuer and an audience), in the
 *        pool's spelling
 */
public record SelfServicePolicy(Duration maxAuthAge, Duration clockSkew, List<String> providers) {

    public SelfServicePolicy {
        providers = List.copyOf(providers);
    }

    /** The pool's spelling of {@code requested}, compared case-insensitively as the trigger compares provider names. */
    public Optional<String> provider(String requested) {
        if (requested == null) {
            return Optional.empty();
        }
        String wanted = requested.toLowerCase(Locale.ROOT);
        return providers.stream().filter(name -> name.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
