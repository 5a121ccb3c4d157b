package dev.cognitomerge.operator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The parsed command line: {@code <command> --name value ... --switch}. Unknown or missing flags are usage errors. */
final class Arguments {

    static final String DEFAULT_PROVIDERS = "Descope";
    /**
     * Requests per second. Cognito's request quotas are per account and Region and shared with the live trigger
     * and the applications; 5/s stays well below every category these commands use
     * (docs/cognito-facts.md#operator-request-quotas).
     */
    static final double DEFAULT_RATE = 5;
    static final double MAX_RATE = 1000;

    static final Set<String> SWITCHES = Set.of("apply", "copy-groups");
    private static final Set<String> COMMON = Set.of("user-pool-id", "region", "profile", "endpoint-url",
            "provider-names", "rate");
    private static final Map<String, Set<String>> COMMANDS = Map.of(
            "reconcile", Set.of("apply", "journal", "copy-groups"),
            "unlink", Set.of("username", "provider-name", "subject", "journal"),
            "link", Set.of("username", "provider-name", "subject", "journal"),
            "doctor", Set.of());
    // User pool ids are "<region>_<id>" (API reference, UserPoolId pattern [\w-]+_[0-9a-zA-Z]+).
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");

    private final String command;
    private final Map<String, String> options;

    private Arguments(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    static Arguments parse(String... args) throws UsageException {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            throw new UsageException((args.length == 0 ? "No command." : "Unknown command '" + args[0] + "'.")
                    + " Usage: cognito-merge-operator reconcile|unlink|link|doctor --user-pool-id <id> [--region <r>]"
                    + " [--profile <p>] [--endpoint-url <url>] ...");
        }
        String command = args[0];
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("Unexpected argument '" + arg + "': every option is --name value.");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!COMMON.contains(name) && !COMMANDS.get(command).contains(name)) {
                throw new UsageException("'" + command + "' has no option --" + name + ".");
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value.");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value.");
                }
                value = rest.get(++i);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice.");
            }
        }
        Arguments arguments = new Arguments(command, options);
        arguments.validate();
        return arguments;
    }

    private void validate() throws UsageException {
        String poolId = required("user-pool-id");
        if (!POOL_ID.matcher(poolId).matches()) {
            throw new UsageException("--user-pool-id must look like us-east-1_AbC123, but is '" + poolId + "'.");
        }
        rate();
        providerNames();
        if (command.equals("reconcile")) {
            if (flag("apply") && option("journal").isEmpty()) {
                throw new UsageException("reconcile --apply needs --journal FILE: every repair is written there first.");
            }
            if (flag("copy-groups") && !flag("apply")) {
                throw new UsageException("--copy-groups only applies with --apply.");
            }
        }
        if (command.equals("unlink") || command.equals("link")) {
            required("username");
            required("provider-name");
            required("subject");
            required("journal");
        }
    }

    String command() {
        return command;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name)).filter(value -> !value.isBlank());
    }

    boolean flag(String name) {
        return "true".equals(options.get(name));
    }

    String required(String name) throws UsageException {
        return option(name).orElseThrow(() -> new UsageException(command + " needs --" + name + "."));
    }

    String userPoolId() {
        return options.get("user-pool-id");
    }

    double rate() throws UsageException {
        String value = option("rate").orElse(null);
        if (value == null) {
            return DEFAULT_RATE;
        }
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && rate <= MAX_RATE) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--rate must be a number of requests per second above 0 and at most "
                + (int) MAX_RATE + ", but is '" + value + "'.");
    }

    List<String> providerNames() throws UsageException {
        List<String> names = Arrays.stream(option("provider-names").orElse(DEFAULT_PROVIDERS).split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new UsageException("--provider-names must name at least one identity provider.");
        }
        return names;
    }
}
