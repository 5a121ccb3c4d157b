package dev.cognitomerge.operator;

/**
 * One command-line option as the parser accepts it and as {@code --help} shows it: the help is generated from the
 * same table the parser reads ({@link CommandTable}), so the two cannot disagree.
 *
 * @param name without the leading {@code --}
 * @param value what the value looks like ({@code ID}, {@code FILE}, {@code off|mfa|mfa-and-groups}); null for a
 *        switch, which takes no value
 * @param defaultText what applies when the option is not given (shown as "default: ..."); null when it is required
 *        or a switch that is simply off
 * @param required the command refuses to run without it
 * @param description one or two sentences for {@code --help}
 */
record Option(String name, String value, String defaultText, boolean required, String description) {

    static Option required(String name, String value, String description) {
        return new Option(name, value, null, true, description);
    }

    static Option optional(String name, String value, String defaultText, String description) {
        return new Option(name, value, defaultText, false, description);
    }

    static Option flag(String name, String description) {
        return new Option(name, null, null, false, description);
    }

    boolean isSwitch() {
        return value == null;
    }

    /** {@code --name VALUE}, or {@code --name} for a switch. */
    String synopsis() {
        return "--" + name + (isSwitch() ? "" : " " + value);
    }
}
