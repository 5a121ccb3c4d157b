package dev.cognitomerge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict readers for raw setting text: a value we cannot read is a problem sentence naming the {@code MERGE_*}
 * variable and the value (collected, so every wrong value is reported at once), never a lenient default. Small on
 * purpose, so the one strict parser for every setting (issue 17) can take it over.
 */
final class StrictValues {

    private StrictValues() {
    }

    /** {@code true} or {@code false} in any case; anything else is a problem. */
    static Optional<Boolean> bool(String variable, Optional<String> raw, List<String> problems) {
        Optional<String> value = raw.map(String::trim).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            problems.add(variable + " must be 'true' or 'false', but is '" + value.get() + "'");
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(text));
    }

    /** A duration within {@code [min, max]}; unset gives {@code fallback}. */
    static Duration duration(String variable, Optional<String> raw, Duration fallback, Duration min, Duration max,
            List<String> problems) {
        Optional<String> value = raw.map(String::trim).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        Duration parsed = parseDuration(value.get());
        if (parsed == null) {
            problems.add(variable + " must be " + SettingParser.DURATION_FORMS + ", but is '" + value.get() + "'");
            return fallback;
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            problems.add(variable + " must be between " + text(min) + " and " + text(max) + ", but is '"
                    + value.get() + "'");
            return fallback;
        }
        return parsed;
    }

    static Duration parseDuration(String text) {
        return SettingParser.parseDuration(text).orElse(null);
    }

    /** Comma-separated entries, trimmed, empty ones dropped; each must match {@code entry} or is a problem. */
    static List<String> list(String variable, Optional<String> raw, Pattern entry, String expected,
            List<String> problems) {
        List<String> values = new ArrayList<>();
        for (String part : raw.orElse("").split(",", -1)) {
            String value = part.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (!entry.matcher(value).matches()) {
                problems.add(variable + " has '" + value + "', which is not " + expected);
                continue;
            }
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }

    static String text(Duration duration) {
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + "m";
        }
        if (duration.toMillis() % 1_000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
