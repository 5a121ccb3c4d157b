package dev.cognitomerge.standin;

import java.util.Optional;

/**
 * Test access to the stand-in's ListUsers filter parser ({@code CognitoStandIn.UserFilter}, package-private
 * so it stays out of the stand-in's public surface), so a property can read every filter the function sends
 * the way Cognito's grammar reads it.
 */
public final class StandInFilterGrammar {

    /** What a filter means: one attribute, exact ({@code =}) or prefix ({@code ^=}), one unescaped value. */
    public record Meaning(String attribute, boolean prefix, String value) {
    }

    private StandInFilterGrammar() {
    }

    /** The filter's meaning, or empty when Cognito would answer "Error while parsing filter.". */
    public static Optional<Meaning> parse(String filter) {
        try {
            CognitoStandIn.UserFilter parsed = CognitoStandIn.UserFilter.parse(filter);
            return parsed == null ? Optional.empty()
                    : Optional.of(new Meaning(parsed.attribute(), parsed.prefix(), parsed.value()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
