package dev.cognitomerge.operator;

import dev.cognitomerge.decision.ProtectionMode;
import dev.cognitomerge.operator.CommandTable.Command;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed command line: {@code <command> --name value ... --switch}, read with {@link CommandTable}. Unknown or
 * missing options are usage errors; {@code --help} anywhere (or {@code help <command>}) asks for the help instead.
 */
final class Arguments {

    static final String OUTPUT_TABLE = "table";
    static final String OUTPUT_JSON = "json";

    // User pool ids are "<region>_<id>" (API reference, UserPoolId pattern [\w-]+_[0-9a-zA-Z]+).
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    // Cognito group names (API reference, GroupName pattern), as MergeSettings reads MERGE_PROTECTED_GROUPS.
    private static final Pattern GROUP_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");

    private final Command command;
    private final Map<String, String> options;
    /** Set when the line asked for help: the command's name, or "" for the tool's. */
    private final String helpFor;

    private Arguments(Command command, Map<String, String> options, String helpFor) {
        this.command = command;
        this.options = options;
        this.helpFor = helpFor;
    }

    static Arguments parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("No command.", null);
        }
        if (args[0].equals("--help") || args[0].equals("-h") || (args[0].equals("help") && args.length == 1)) {
            return new Arguments(null, Map.of(), "");
        }
        if (args[0].equals("help")) {
            Command command = CommandTable.command(args[1])
                    .orElseThrow(() -> new UsageException("Unknown command '" + args[1] + "'.", null));
            return new Arguments(command, Map.of(), command.name());
        }
        Command command = CommandTable.command(args[0])
                .orElseThrow(() -> new UsageException("Unknown command '" + args[0] + "'.", null));
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            return new Arguments(command, Map.of(), command.name());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("Unexpected argument '" + arg + "': every option is --name value.",
                        command.name());
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            String optionName = name;
            Option option = CommandTable.option(command, name).orElseThrow(() -> new UsageException("'"
                    + command.name() + "' has no option --" + optionName + ".", command.name()));
            if (option.isSwitch()) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value.", command.name());
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value: " + option.synopsis() + ".",
                            command.name());
                }
                value = rest.get(++i);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice.", command.name());
            }
        }
        Arguments arguments = new Arguments(command, options, null);
        arguments.validate();
        return arguments;
    }

    private void validate() throws UsageException {
        for (Option option : CommandTable.options(command)) {
            if (option.required()) {
                required(option.name());
            }
        }
        String poolId = userPoolId();
        if (!POOL_ID.matcher(poolId).matches()) {
            throw usage("--user-pool-id must look like us-east-1_AbC123, but is '" + poolId + "'.");
        }
        rate();
        providerNames();
        output();
        if (command().equals("reconcile") && flag("apply") && option("journal").isEmpty()) {
            throw usage("reconcile --apply needs --journal FILE: every repair is written there first.");
        }
        if (options.containsKey("copy-groups")) {
            copyGroups();
        }
        if (command().equals("reconcile") || command().equals("link")) {
            protectedAccounts();
            Set<String> groups = protectedGroups();
            if (protectedAccounts() == ProtectionMode.MFA_AND_GROUPS && groups.isEmpty()) {
                throw usage("--protected-accounts mfa-and-groups needs --protected-groups NAME[,NAME...].");
            }
            if (protectedAccounts() != ProtectionMode.MFA_AND_GROUPS && !groups.isEmpty()) {
                throw usage("--protected-groups is read only with --protected-accounts mfa-and-groups (it is '"
                        + protectedAccounts().code() + "'): a group listed here would look protected and not be.");
            }
        }
        if (options.containsKey("when-no-native-user")) {
            String mode = options.get("when-no-native-user");
            if (!mode.equals("continue") && !mode.equals("create-and-link")) {
                throw usage("--when-no-native-user must be 'continue' or 'create-and-link', but is '" + mode + "'.");
            }
        }
    }

    /** True when the line asked for help rather than a run. */
    boolean helpRequested() {
        return helpFor != null;
    }

    /** The help asked for: the command's, or the tool's when empty. */
    Optional<Command> helpCommand() {
        return Optional.ofNullable(command);
    }

    String command() {
        return command.name();
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(value -> !value.isBlank());
    }

    boolean flag(String name) {
        return "true".equals(options.get(name));
    }

    String required(String name) throws UsageException {
        return option(name).orElseThrow(() -> usage(command.name() + " needs --" + name + "."));
    }

    String userPoolId() {
        return options.get("user-pool-id");
    }

    double rate() throws UsageException {
        String value = option("rate").orElse(null);
        if (value == null) {
            return CommandTable.DEFAULT_RATE;
        }
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && rate <= CommandTable.MAX_RATE) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("--rate must be a number of requests per second above 0 and at most "
                + (int) CommandTable.MAX_RATE + ", but is '" + value + "'.");
    }

    List<String> providerNames() throws UsageException {
        List<String> names = list("provider-names", CommandTable.DEFAULT_PROVIDERS);
        if (names.isEmpty()) {
            throw usage("--provider-names must name at least one identity provider.");
        }
        return names;
    }

    /** {@code table} or {@code json}; empty when not given (the caller decides by the terminal). */
    Optional<String> output() throws UsageException {
        Optional<String> output = option("output");
        if (output.isPresent() && !output.get().equals(OUTPUT_TABLE) && !output.get().equals(OUTPUT_JSON)) {
            throw usage("--output must be 'table' or 'json', but is '" + output.get() + "'.");
        }
        return output;
    }

    /** The groups {@code --copy-groups} names (empty: copy none). */
    Set<String> copyGroups() throws UsageException {
        return groups("copy-groups");
    }

    ProtectionMode protectedAccounts() throws UsageException {
        try {
            return ProtectionMode.parse("--protected-accounts", option("protected-accounts").orElse("mfa"));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + ".");
        }
    }

    Set<String> protectedGroups() throws UsageException {
        return groups("protected-groups");
    }

    /** The function's MERGE_WHEN_NO_NATIVE_USER as the operator told doctor, if they did. */
    Optional<String> whenNoNativeUser() {
        return option("when-no-native-user");
    }

    private Set<String> groups(String name) throws UsageException {
        if (!options.containsKey(name)) {
            return Set.of();
        }
        List<String> groups = list(name, "");
        if (groups.isEmpty()) {
            throw usage("--" + name + " must name at least one group: --" + name + " NAME[,NAME...].");
        }
        for (String group : groups) {
            if (!GROUP_NAME.matcher(group).matches()) {
                throw usage("--" + name + " has '" + group + "', which is not a Cognito group name (1-128"
                        + " characters, no spaces or control characters).");
            }
        }
        return new LinkedHashSet<>(groups);
    }

    private List<String> list(String name, String orElse) {
        return Arrays.stream(Optional.ofNullable(options.get(name)).orElse(orElse).split(","))
                .map(String::trim).filter(value -> !value.isEmpty()).toList();
    }

    private UsageException usage(String message) {
        return new UsageException(message, command == null ? null : command.name());
    }
}
