package dev.cognitomerge.operator;

import dev.cognitomerge.operator.CommandTable.Command;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code --help} and of a usage error, generated from {@link CommandTable}. */
final class Help {

    static final int WIDTH = 100;

    private Help() {
    }

    /** {@code cognito-merge-operator --help}. */
    static String tool() {
        StringBuilder text = new StringBuilder();
        text.append(CommandTable.TOOL).append(": repair and check a Cognito pool for cognito-oidc-merge.\n\n");
        text.append("Usage:\n  ").append(CommandTable.JAR).append(" <command> --user-pool-id ID [options]\n");
        text.append("  ").append(CommandTable.JAR).append(" <command> --help\n\n");
        text.append("Commands:\n");
        int width = CommandTable.COMMANDS.stream().mapToInt(command -> command.name().length()).max().orElse(0);
        for (Command command : CommandTable.COMMANDS) {
            text.append("  ").append(pad(command.name(), width + 2)).append(command.summary()).append('\n');
        }
        text.append("\nOptions every command takes:\n");
        options(text, CommandTable.COMMON);
        text.append('\n').append(exitCodes());
        text.append("\nExamples:\n");
        for (Command command : CommandTable.COMMANDS) {
            text.append("  ").append(command.examples().get(0)).append('\n');
        }
        text.append("\nRun '").append(CommandTable.JAR).append(" <command> --help' (or 'help <command>') for a command's"
                + " options.\n");
        return text.toString();
    }

    /** {@code <command> --help}. */
    static String command(Command command) {
        StringBuilder text = new StringBuilder();
        text.append(CommandTable.TOOL).append(' ').append(command.name()).append(": ").append(command.summary())
                .append("\n\n");
        text.append(usage(command)).append('\n');
        wrap(text, command.description(), "");
        text.append("\nOptions:\n");
        options(text, command.options());
        text.append("\nOptions every command takes:\n");
        options(text, CommandTable.COMMON);
        text.append('\n').append(exitCodes());
        text.append("\nExamples:\n");
        command.examples().forEach(example -> text.append("  ").append(example).append('\n'));
        return text.toString();
    }

    /**
     * {@code <command> --help} without the options every command takes and the exit codes: the section of
     * docs/operations.md for one command (OperationsDocTest keeps the page equal to it).
     */
    static String commandReference(Command command) {
        StringBuilder text = new StringBuilder();
        text.append(CommandTable.TOOL).append(' ').append(command.name()).append(": ").append(command.summary())
                .append("\n\n");
        text.append(usage(command)).append('\n');
        wrap(text, command.description(), "");
        text.append("\nOptions:\n");
        options(text, command.options());
        text.append("\nExamples:\n");
        command.examples().forEach(example -> text.append("  ").append(example).append('\n'));
        return text.toString();
    }

    /** The usage line of {@code command}: required options bare, the others in brackets. */
    static String usage(Command command) {
        List<String> parts = new ArrayList<>();
        for (boolean required : new boolean[] {true, false}) {
            for (Option option : CommandTable.options(command)) {
                if (option != CommandTable.HELP && option.required() == required) {
                    parts.add(required ? option.synopsis() : "[" + option.synopsis() + "]");
                }
            }
        }
        StringBuilder text = new StringBuilder("Usage:\n");
        StringBuilder line = new StringBuilder("  " + CommandTable.JAR + " " + command.name());
        for (String part : parts) {
            if (line.length() + part.length() + 1 > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder("      ");
            }
            line.append(' ').append(part);
        }
        return text.append(line).append('\n').toString();
    }

    /** What a usage error prints after its sentence: the command's usage, or the tool's commands. */
    static String usageAfterError(String commandName) {
        return CommandTable.command(commandName)
                .map(command -> usage(command) + "Run '" + CommandTable.JAR + " " + command.name()
                        + " --help' for what each option does.\n")
                .orElseGet(() -> "Usage:\n  " + CommandTable.JAR + " <command> --user-pool-id ID [options]\n"
                        + "Commands: " + String.join(", ", CommandTable.COMMANDS.stream().map(Command::name).toList())
                        + ". Run '" + CommandTable.JAR + " --help' for more.\n");
    }

    static String exitCodes() {
        return "Exit codes:\n"
                + "  0  done (doctor: no check failed)\n"
                + "  1  failed or stopped part-way (the error says what was done); doctor: a check failed\n"
                + "  2  the command line is wrong (nothing was called)\n";
    }

    private static void options(StringBuilder text, List<Option> options) {
        for (Option option : options) {
            text.append("  ").append(option.synopsis());
            if (option.required()) {
                text.append("  (required)");
            }
            text.append('\n');
            String description = option.description()
                    + (option.defaultText() == null ? "" : " Default: " + option.defaultText() + ".");
            wrap(text, description, "      ");
        }
    }

    private static void wrap(StringBuilder text, String words, String indent) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : words.split(" ")) {
            if (line.length() > indent.length() && line.length() + word.length() + 1 > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > indent.length()) {
            text.append(line).append('\n');
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(1, width - text.length()));
    }
}
