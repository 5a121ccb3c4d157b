package dev.cognitomerge.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every command and every option the operator tool accepts: {@link Arguments} parses with this table and
 * {@link Help} prints it, so {@code --help} always lists exactly what the parser takes.
 */
final class CommandTable {

    static final String TOOL = "cognito-merge-operator";
    static final String JAR = "java -jar target/operator/cognito-merge-operator.jar";

    static final String DEFAULT_PROVIDERS = "Descope";
    /**
     * Requests per second. Cognito's request quotas are per account and Region and shared with the live trigger
     * and the applications; 5/s stays well below every category these commands use
     * (docs/cognito-facts.md#operator-request-quotas).
     */
    static final double DEFAULT_RATE = 5;
    static final double MAX_RATE = 1000;

    /** A command: its name, a one-line summary, a longer description, its own options and examples. */
    record Command(String name, String summary, String description, List<Option> options, List<String> examples) {
    }

    static final Option HELP = Option.flag("help", "Print this help and exit 0.");

    /** Options every command takes, in help order. */
    static final List<Option> COMMON = List.of(
            Option.required("user-pool-id", "ID", "The user pool, e.g. us-east-1_AbC123."),
            Option.optional("region", "REGION", "the Region in the pool id (us-east-1 for us-east-1_AbC123)",
                    "The pool's AWS Region."),
            Option.optional("profile", "NAME", "AWS_PROFILE, else the SDK's default credential chain",
                    "The AWS profile whose credentials to use."),
            Option.optional("endpoint-url", "URL", "Cognito's endpoint for the Region",
                    "Send the calls here instead, e.g. the local stand-in. On a loopback address (127.0.0.1, ::1,"
                            + " localhost) no AWS credentials are needed: throw-away ones sign the requests."),
            Option.optional("provider-names", "NAME[,NAME...]", DEFAULT_PROVIDERS,
                    "The identity providers whose users to consider, as configured in the pool"
                            + " (the function's MERGE_PROVIDER_NAMES)."),
            Option.optional("rate", "N", "5",
                    "At most N Cognito requests per second (1-1000). Cognito's quotas are per account and Region and"
                            + " shared with the trigger and your apps."),
            Option.optional("output", "table|json", "table when stdout is a terminal, json otherwise",
                    "table: tables for people. json: only JSON on stdout, one object a line per row, then one"
                            + " summary object; everything for people goes to stderr."),
            Option.flag("quiet", "No progress lines on stderr (warnings and errors still print)."),
            HELP);

    static final Option JOURNAL = Option.required("journal", "FILE",
            "Append every change here first (created 0600: it holds every attribute of each user touched). Rerun"
                    + " with the same file to complete an interrupted run.");
    static final Option PROTECTED_ACCOUNTS = Option.optional("protected-accounts", "off|mfa|mfa-and-groups", "mfa",
            "Owners never linked automatically, as the trigger's MERGE_PROTECTED_ACCOUNTS: mfa refuses owners with"
                    + " any MFA method, mfa-and-groups also members of --protected-groups; they show as"
                    + " protected-account.");
    static final Option PROTECTED_GROUPS = Option.optional("protected-groups", "NAME[,NAME...]", "none",
            "With --protected-accounts mfa-and-groups: owners in these groups are protected (MERGE_PROTECTED_GROUPS).");
    static final Option USERNAME = Option.required("username", "NAME",
            "The native user (its username as Cognito shows it, often a UUID).");
    static final Option PROVIDER_NAME = Option.required("provider-name", "NAME",
            "The identity's provider, as configured in the pool (e.g. Descope).");
    static final Option SUBJECT = Option.required("subject", "SUBJECT",
            "The identity's subject at the provider (the Descope user id), exactly.");

    static final List<Command> COMMANDS = List.of(
            new Command("doctor", "Check that a pool is set up for linking (read-only).",
                    "Prints pass / warn / fail for each check, with the fix: the Pre sign-up trigger, each provider"
                            + " and its attribute mapping, username case and attributes, the custom attributes"
                            + " custom:merge_unlinked and custom:merge_created (in the schema, writable by no app"
                            + " client, mapped by no identity provider), and the number of split accounts."
                            + " Exit code 1 when a check fails.",
                    List.of(Option.optional("when-no-native-user", "continue|create-and-link",
                            "not given: a missing custom:merge_created is a warning",
                            "The function's MERGE_WHEN_NO_NATIVE_USER (doctor cannot read the function's settings):"
                                    + " create-and-link makes a missing custom:merge_created a failure, continue"
                                    + " a pass.")),
                    List.of(JAR + " doctor --user-pool-id us-east-1_AbC123",
                            JAR + " doctor --user-pool-id us-east-1_AbC123 --when-no-native-user create-and-link")),
            new Command("reconcile", "List split accounts; with --apply, repair the repairable ones.",
                    "Lists the whole pool once and classifies every federated-only user of the providers with the"
                            + " trigger's own rules (repairable, ambiguous, no-native-user, candidate-not-qualified,"
                            + " federated-email-unverified, link-limit-reached, not-linkable, protected-account,"
                            + " unlinked-by-operator); each repairable row shows the groups of both users. The report"
                            + " changes nothing. With --apply --journal FILE each repairable profile is journaled,"
                            + " deleted, and its identity linked to the native user.",
                    List.of(Option.flag("apply", "Repair the repairable rows (needs --journal)."),
                            Option.optional("journal", "FILE", "none (required with --apply)", JOURNAL.description()),
                            Option.optional("copy-groups", "NAME[,NAME...]", "none: no group is copied",
                                    "Also add the native user to these groups of the federated profile, and only"
                                            + " these; every other group of the profile is listed as not copied."),
                            PROTECTED_ACCOUNTS, PROTECTED_GROUPS),
                    List.of(JAR + " reconcile --user-pool-id us-east-1_AbC123 --output json | jq 'select(.class)'",
                            JAR + " reconcile --user-pool-id us-east-1_AbC123 --apply --journal repairs.jsonl"
                                    + " --copy-groups beta")),
            new Command("link", "Link one identity to one native user you verified out of band.",
                    "For a person the trigger refused (e.g. protected-account) whom you verified yourself. Refuses an"
                            + " identity that still has its own federated profile (use reconcile), and a protected"
                            + " owner unless --protected-accounts says otherwise. Removes the identity from the user's"
                            + " custom:merge_unlinked after linking. Journaled.",
                    List.of(USERNAME, PROVIDER_NAME, SUBJECT, JOURNAL, PROTECTED_ACCOUNTS, PROTECTED_GROUPS),
                    List.of(JAR + " link --user-pool-id us-east-1_AbC123 --username 3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01"
                            + " --provider-name Descope --subject U2aBcDeF1gHiJkLmN0pQ --journal repairs.jsonl"
                            + " --protected-accounts off")),
            new Command("unlink", "Undo a link: the identity's next sign-in gets its own profile.",
                    "Records the identity in the native user's custom:merge_unlinked (so the trigger never links it"
                            + " back to this user), then removes the link (AdminDisableProviderForUser). Journaled;"
                            + " rerun the same command to complete an interrupted one.",
                    List.of(USERNAME, PROVIDER_NAME, SUBJECT, JOURNAL),
                    List.of(JAR + " unlink --user-pool-id us-east-1_AbC123 --username 3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01"
                            + " --provider-name Descope --subject U2aBcDeF1gHiJkLmN0pQ --journal repairs.jsonl")));

    private CommandTable() {
    }

    static Optional<Command> command(String name) {
        return COMMANDS.stream().filter(command -> command.name().equals(name)).findFirst();
    }

    /** Every option {@code command} takes: the common ones, then its own. */
    static List<Option> options(Command command) {
        List<Option> all = new ArrayList<>(command.options());
        all.addAll(COMMON);
        return all;
    }

    static Optional<Option> option(Command command, String name) {
        return options(command).stream().filter(option -> option.name().equals(name)).findFirst();
    }
}
