package dev.cognitomerge.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the typed settings from their text, strictly, and collects one sentence per wrong value (naming the
 * {@code MERGE_*} variable and the value as given) so that every problem is reported at once.
 *
 * <p>Why not SmallRye's converters: its boolean converter reads any unknown word as {@code false} (so
 * {@code MERGE_REQUIRE_VERIFIED_EMAIL=ture} silently waived the check), and a duration it cannot read fails init
 * with {@code SRCFG00039} and the internal key {@code merge.time-budget}, one value at a time. A setting that
 * weakens security must fail closed, in words the operator can act on.
 */
final class SettingParser {

    /**
     * {@code 4500ms}, {@code 4.5s}, {@code 5} (seconds, as Quarkus reads a bare number), {@code 10m}, {@code 1h}; signs
     * are read so that a negative value gets the range sentence rather than a format one.
     */
    private static final Pattern MILLIS = Pattern.compile("([-+]?\\d{1,9})ms", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECONDS = Pattern.compile("([-+]?\\d{1,9}(?:\\.\\d{1,9})?)s?", Pattern.CASE_INSENSITIVE);
    private static final Pattern MINUTES_OR_HOURS = Pattern.compile("([-+]?\\d{1,9})(m|h)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO = Pattern.compile("[-+]?PT.*", Pattern.CASE_INSENSITIVE);

    static final String DURATION_FORMS = "a duration such as 4500ms, 4.5s, 10m or PT4.5S (a bare number counts as seconds)";

    private final List<String> problems = new ArrayList<>();

    List<String> problems() {
        return problems;
    }

    void problem(String sentence) {
        problems.add(sentence);
    }

    /** {@code true} or {@code false} in any case, surrounding spaces ignored; anything else is a problem. */
    boolean bool(String variable, String value, boolean fallback) {
        String text = value == null ? "" : value.strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add(variable + " must be 'true' or 'false', but is '" + value + "'");
        return fallback;
    }

    /**
     * A duration: {@code <n>ms}, {@code <n>s} (decimals allowed), a bare number of seconds, or ISO-8601
     * ({@code PT4.5S}, any case). Empty when it cannot be read (the problem is recorded).
     */
    Optional<Duration> duration(String variable, String value) {
        Optional<Duration> parsed = parseDuration(value);
        if (parsed.isEmpty()) {
            problems.add(variable + " must be " + DURATION_FORMS + ", but is '" + value + "'");
        }
        return parsed;
    }

    /** The one duration grammar of every setting (the trigger's and the self-service endpoint's); empty if unreadable. */
    static Optional<Duration> parseDuration(String value) {
        String text = value == null ? "" : value.strip();
        try {
            Matcher millis = MILLIS.matcher(text);
            if (millis.matches()) {
                return Optional.of(Duration.ofMillis(Long.parseLong(millis.group(1))));
            }
            Matcher seconds = SECONDS.matcher(text);
            if (seconds.matches()) {
                BigDecimal nanos = new BigDecimal(seconds.group(1)).movePointRight(9);
                return Optional.of(Duration.ofNanos(nanos.longValueExact()));
            }
            Matcher minutesOrHours = MINUTES_OR_HOURS.matcher(text);
            if (minutesOrHours.matches()) {
                long amount = Long.parseLong(minutesOrHours.group(1));
                return Optional.of(minutesOrHours.group(2).equalsIgnoreCase("m") ? Duration.ofMinutes(amount)
                        : Duration.ofHours(amount));
            }
            if (ISO.matcher(text).matches()) {
                return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // unreadable, as any other value that matches no form
        }
        return Optional.empty();
    }

    /** A whole number from {@code min} to {@code max}; empty when it is not one (the problem is recorded). */
    Optional<Integer> integer(String variable, String value, int min, int max) {
        String text = value == null ? "" : value.strip();
        try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(variable + " must be a whole number from " + min + " to " + max + ", but is '" + value + "'");
        return Optional.empty();
    }

    /** An absolute http(s) URI; empty when it is not one (the problem is recorded). */
    Optional<URI> uri(String variable, String value) {
        String text = value == null ? "" : value.strip();
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(variable + " must be an http(s) URL such as http://127.0.0.1:4566, but is '" + value + "'");
        return Optional.empty();
    }
}
