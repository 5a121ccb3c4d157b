package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code reconcile}: reports every federated-only user of the configured providers with its class (and, for each
 * repairable one, the groups of both users); with {@code --apply --journal FILE} repairs the {@code repairable} ones,
 * one at a time: journal, AdminDeleteUser of the federated profile, AdminLinkProviderForUser of its identity to the
 * native user, the allow-listed groups ({@code --copy-groups}), done. Cognito has no merge
 * (docs/cognito-facts.md#no-merge): the identity can only be linked once its profile is gone.
 */
final class ReconcileCommand {

    static final String ACTION = "repair";

    private final ObjectMapper json;
    private final Output out;
    private final PoolClient client;
    private final Classifier classifier;
    private final Arguments arguments;
    private final Set<String> copyGroups;
    private final Map<String, List<String>> groups = new HashMap<>();
    private final List<String[]> actionRows = new ArrayList<>();
    private int repaired;
    private int resumed;
    private int skipped;

    ReconcileCommand(ObjectMapper json, Output out, PoolClient client, Arguments arguments) throws UsageException {
        this.json = json;
        this.out = out;
        this.client = client;
        this.arguments = arguments;
        this.copyGroups = arguments.copyGroups();
        this.classifier = new Classifier(client.userPoolId(), arguments.providerNames(), arguments.protectedAccounts(),
                arguments.protectedGroups(), client::mfaRegistered, this::groupsOf);
    }

    int run() throws UsageException, OperatorFailure {
        long started = System.nanoTime();
        Journal journal = null;
        if (arguments.flag("apply")) {
            // Opened before anything else, so a journal of another pool stops the run before any call.
            journal = Journal.open(json, Path.of(arguments.required("journal")), client.userPoolId(), out);
        }
        try {
            Inventory inventory = Inventory.take(client, classifier, out.progress(), estimatedUsers());
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"user", "class", "why", "destination", "federated groups", "native groups"});
            for (Classification row : inventory.classifications) {
                ObjectNode line = reportLine(row);
                out.row(line);
                table.add(new String[] {row.federated().username(), row.kind(), dash(row.why()), dash(row.destination()),
                        text(line.path("federatedGroups")), text(line.path("nativeGroups"))});
            }
            out.table(table);
            if (journal != null) {
                apply(journal, inventory);
            }
            summary(inventory, (System.nanoTime() - started) / 1e9, journal != null);
            return OperatorMain.DONE;
        } catch (PoolClient.CallFailed failed) {
            throw new OperatorFailure("Stopped: " + failed.getMessage() + ". "
                    + (journal == null ? "Nothing was changed (report only)."
                            : "Repaired before it: " + repaired + " (+" + resumed + " resumed); see the journal "
                                    + journal.path() + "."), failed);
        } finally {
            if (journal != null) {
                try {
                    journal.close();
                } catch (java.io.IOException e) {
                    // the last append was already forced to disk
                }
            }
        }
    }

    /** The pool's EstimatedNumberOfUsers for the progress line's time left; 0 when it cannot be read. */
    private long estimatedUsers() {
        try {
            Integer estimate = client.describePool().estimatedNumberOfUsers();
            return estimate == null ? 0 : estimate;
        } catch (PoolClient.CallFailed e) {
            out.warn("DescribeUserPool failed (" + e.getMessage() + "): progress shows no time left.");
            return 0;
        }
    }

    private ObjectNode reportLine(Classification row) {
        ObjectNode line = out.object();
        line.put("user", row.federated().username());
        line.put("class", row.kind());
        if (row.why() != null) {
            line.put("why", row.why());
        }
        line.put("provider", row.providerName());
        line.put("subject", row.subject());
        line.put("email", row.email());
        line.put("destination", row.destination());
        if (row.repairable()) {
            // Both users' groups, before anything is applied: a repair gives the native user the identity, and
            // --copy-groups may give it groups; whoever applies it should see both (issue 17, finding 5).
            List<String> federatedGroups = groupsOf(row.federated().username());
            array(line, "federatedGroups", federatedGroups);
            array(line, "nativeGroups", groupsOf(row.destination()));
            if (!copyGroups.isEmpty()) {
                array(line, "groupsToCopy", toCopy(federatedGroups));
                array(line, "groupsNotCopied", notCopied(federatedGroups));
            }
        }
        return line;
    }

    private List<String> groupsOf(String username) {
        return groups.computeIfAbsent(username, client::groupsOf);
    }

    private List<String> toCopy(List<String> federatedGroups) {
        return federatedGroups.stream().filter(copyGroups::contains).toList();
    }

    private List<String> notCopied(List<String> federatedGroups) {
        return federatedGroups.stream().filter(group -> !copyGroups.contains(group)).toList();
    }

    private void apply(Journal journal, Inventory inventory) throws OperatorFailure {
        Set<String> present = new HashSet<>();
        inventory.classifications.forEach(row -> present.add(row.federated().username()));
        // Rows a previous run left between its intent and done whose profile is gone: the delete happened, so
        // the identity is free and the link must follow, or the person's next sign-in makes a fresh profile.
        for (Map.Entry<String, JsonNode> open : journal.unfinished(ACTION).entrySet()) {
            if (!present.contains(open.getKey())) {
                resume(journal, open.getValue());
            }
        }
        List<Classification> repairable = inventory.classifications.stream().filter(Classification::repairable).toList();
        out.progress().start();
        for (int i = 0; i < repairable.size(); i++) {
            repair(journal, repairable.get(i), repairable.size() - i - 1);
            out.progress().step("repaired", "repairable profiles", i + 1, repairable.size());
        }
    }

    private void repair(Journal journal, Classification listed, int notStarted) throws OperatorFailure {
        String id = listed.federated().username();
        // The listing may be minutes old: decide again on what the trigger itself would see now.
        List<PoolUser> holders = client.usersWithEmail(listed.email());
        PoolUser federated = holders.stream().filter(user -> user.username().equals(id)).findFirst().orElse(null);
        Classification now = federated == null ? null : classifier.classify(federated, holders);
        if (now == null || !now.repairable() || !now.destination().equals(listed.destination())) {
            skipped++;
            ObjectNode line = out.object();
            line.put("user", id);
            line.put("action", "skipped");
            line.put("why", "changed-since-listing");
            line.put("class", now == null ? "gone" : now.kind());
            out.row(line);
            actionRows.add(new String[] {id, "skipped", "-", "-", "changed since listing: " + line.path("class").asText()});
            return;
        }
        List<String> profileGroups = client.groupsOf(id);
        List<String> toCopy = toCopy(profileGroups);
        ObjectNode intent = journal.entry("intent", id);
        intent.put("action", ACTION);
        Journal.putUser(intent, "federatedUser", federated);
        array(intent, "groups", profileGroups);
        array(intent, "groupsToCopy", toCopy);
        intent.putObject("identity").put("providerName", now.providerName()).put("subject", now.subject());
        intent.put("email", now.email());
        intent.put("destination", now.destination());
        journal.append(intent);

        List<String> done = new ArrayList<>();
        try {
            client.deleteUser(id);
            journal.append(journal.entry("deleted", id));
            done.add("federated profile deleted");
            finish(journal, id, now.destination(), now.providerName(), now.subject(), toCopy, done);
        } catch (PoolClient.CallFailed failed) {
            throw stopped(journal, id, failed, done, notStarted);
        }
        repaired++;
        action(id, "repaired", now.destination(), toCopy, notCopied(profileGroups));
    }

    private void finish(Journal journal, String id, String destination, String provider, String subject,
            List<String> toCopy, List<String> done) throws OperatorFailure {
        if (!journal.hasStep(id, "linked")) {
            client.link(destination, provider, subject);
            journal.append(journal.entry("linked", id).put("destination", destination));
        }
        done.add("identity linked to " + destination);
        for (String group : toCopy) {
            if (journal.hasGroupAdded(id, group)) {
                continue;
            }
            client.addToGroup(destination, group);
            journal.append(journal.entry("group-added", id).put("destination", destination).put("group", group));
            done.add("added to group " + group);
        }
        journal.append(journal.entry("done", id));
    }

    private void resume(Journal journal, JsonNode intent) throws OperatorFailure {
        String id = intent.path("id").asText();
        String destination = intent.path("destination").asText();
        String provider = intent.path("identity").path("providerName").asText();
        String subject = intent.path("identity").path("subject").asText();
        String email = intent.path("email").asText();
        List<String> done = new ArrayList<>();
        // Only what the intent recorded as allow-listed: a journal from before --copy-groups took names copies none.
        List<String> toCopy = strings(intent.path("groupsToCopy"));
        List<String> notCopied = strings(intent.path("groups")).stream().filter(group -> !toCopy.contains(group)).toList();
        try {
            if (!journal.hasStep(id, "deleted")) {
                // The delete's answer was lost, but the listing no longer has the profile: it is gone.
                journal.append(journal.entry("deleted", id).put("note", "found deleted on resume"));
            }
            done.add("federated profile deleted (earlier run)");
            List<PoolUser> holders = client.usersWithEmail(email);
            Classifier.Unlinked unlinked = Classifier.unlinked(destination, provider, subject, holders);
            Step choice = unlinked == Classifier.Unlinked.NOT_LISTED
                    ? classifier.chooseFor(provider, subject, email, holders) : null;
            boolean sameDestination = (choice instanceof Step.Link link && link.destinationUsername().equals(destination))
                    || (choice instanceof Step.Verdict verdict && verdict.reason() == Reason.ALREADY_LINKED
                            && destination.equals(verdict.destination()));
            if (!sameDestination) {
                throw new OperatorFailure("Stopped at " + id + ": its federated profile was deleted by an earlier run"
                        + " (the journal " + journal.path() + " holds its attributes and groups), but " + destination
                        + " no longer qualifies to receive " + provider + "/" + subject + " ("
                        + (choice == null ? Classification.UNLINKED_BY_OPERATOR : describe(choice))
                        + "). Not linked. Decide by hand: link it with the `link` command once verified, or leave it"
                        + " (the person's next sign-in creates a new federated profile).");
            }
            finish(journal, id, destination, provider, subject, toCopy, done);
        } catch (PoolClient.CallFailed failed) {
            throw stopped(journal, id, failed, done, -1);
        }
        resumed++;
        action(id, "resumed", destination, toCopy, notCopied);
    }

    private void action(String id, String action, String destination, List<String> copied, List<String> notCopied) {
        ObjectNode line = out.object();
        line.put("user", id);
        line.put("action", action);
        line.put("destination", destination);
        array(line, "groupsCopied", copied);
        array(line, "groupsNotCopied", notCopied);
        out.row(line);
        actionRows.add(new String[] {id, action, destination, text(line.path("groupsCopied")),
                text(line.path("groupsNotCopied"))});
    }

    private static String describe(Step choice) {
        return choice instanceof Step.Verdict verdict ? verdict.reason().code() : choice.getClass().getSimpleName();
    }

    private OperatorFailure stopped(Journal journal, String id, PoolClient.CallFailed failed, List<String> done,
            int notStarted) {
        String doneText = done.isEmpty() ? "nothing (the federated profile still exists)" : String.join(", ", done);
        return new OperatorFailure("Stopped at " + id + ": " + failed.getMessage() + ". For this user, done: " + doneText
                + "; not done: " + (done.isEmpty() ? "delete, link" : "the rest of the repair") + ". Repaired before it: "
                + repaired + (resumed > 0 ? " (+" + resumed + " resumed)" : "")
                + (notStarted >= 0 ? "; not started: " + notStarted : "")
                + ". Rerun the same command with --journal " + journal.path() + " to complete it.", failed);
    }

    private void summary(Inventory inventory, double seconds, boolean applied) {
        if (applied && !actionRows.isEmpty()) {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"user", "action", "destination", "groups copied", "groups not copied"});
            table.addAll(actionRows);
            out.table(table);
        }
        ObjectNode summary = out.object();
        summary.put("summary", "reconcile");
        ObjectNode counts = summary.putObject("counts");
        inventory.counts.forEach(counts::put);
        summary.put("federatedOnlyUsers", inventory.classifications.size());
        summary.put("usersExamined", inventory.usersExamined);
        if (applied) {
            summary.put("repaired", repaired);
            summary.put("resumed", resumed);
            summary.put("skipped", skipped);
        }
        summary.put("listUsersPages", client.pages());
        summary.put("cognitoCalls", client.calls());
        summary.put("retries", client.retries());
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        out.summary(summary);

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"class", "users"});
        inventory.counts.forEach((kind, count) -> rows.add(new String[] {kind, Integer.toString(count)}));
        rows.add(new String[] {"federated-only users of " + String.join(",", providerNames()),
                Integer.toString(inventory.classifications.size())});
        rows.add(new String[] {"users examined", Long.toString(inventory.usersExamined)});
        if (applied) {
            rows.add(new String[] {"repaired", Integer.toString(repaired)});
            rows.add(new String[] {"resumed from the journal", Integer.toString(resumed)});
            rows.add(new String[] {"skipped (changed since listing)", Integer.toString(skipped)});
        }
        rows.add(new String[] {"ListUsers pages", Long.toString(client.pages())});
        rows.add(new String[] {"Cognito calls (retries)", client.calls() + " (" + client.retries() + ")"});
        rows.add(new String[] {"seconds", String.format(Locale.ROOT, "%.1f", seconds)});
        out.table(rows);
    }

    private List<String> providerNames() {
        try {
            return arguments.providerNames();
        } catch (UsageException e) {
            return List.of();
        }
    }

    private static void array(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String text(JsonNode array) {
        if (!array.isArray()) {
            return "-";
        }
        List<String> values = strings(array);
        return values.isEmpty() ? "none" : String.join(",", values);
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
