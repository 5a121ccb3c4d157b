package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code reconcile}: reports every federated-only user of the configured providers with its class; with
 * {@code --apply --journal FILE} repairs the {@code repairable} ones, one at a time: journal, AdminDeleteUser of
 * the federated profile, AdminLinkProviderForUser of its identity to the native user, (groups), done. Cognito has
 * no merge (docs/cognito-facts.md#no-merge): the identity can only be linked once its profile is gone.
 */
final class ReconcileCommand {

    static final String ACTION = "repair";

    private final ObjectMapper json;
    private final Output out;
    private final PoolClient client;
    private final Classifier classifier;
    private final Arguments arguments;
    private int repaired;
    private int resumed;
    private int skipped;

    ReconcileCommand(ObjectMapper json, Output out, PoolClient client, Arguments arguments) throws UsageException {
        this.json = json;
        this.out = out;
        this.client = client;
        this.arguments = arguments;
        this.classifier = new Classifier(client.userPoolId(), arguments.providerNames(), client::mfaRegistered);
    }

    int run() throws UsageException, OperatorFailure {
        long started = System.nanoTime();
        Journal journal = null;
        if (arguments.flag("apply")) {
            // Opened before anything else, so a journal of another pool stops the run before any call.
            journal = Journal.open(json, Path.of(arguments.required("journal")), client.userPoolId());
        }
        try {
            Inventory inventory = Inventory.take(client, classifier);
            for (Classification row : inventory.classifications) {
                out.line(reportLine(row));
            }
            if (journal != null) {
                apply(journal, inventory);
            }
            summary(inventory, (System.nanoTime() - started) / 1e9, journal != null);
            return 0;
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
        return line;
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
        for (int i = 0; i < repairable.size(); i++) {
            repair(journal, repairable.get(i), repairable.size() - i - 1);
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
            out.line(line);
            return;
        }
        List<String> groups = client.groupsOf(id);
        ObjectNode intent = journal.entry("intent", id);
        intent.put("action", ACTION);
        Journal.putUser(intent, "federatedUser", federated);
        ArrayNode groupList = intent.putArray("groups");
        groups.forEach(groupList::add);
        intent.putObject("identity").put("providerName", now.providerName()).put("subject", now.subject());
        intent.put("email", now.email());
        intent.put("destination", now.destination());
        intent.put("copyGroups", arguments.flag("copy-groups"));
        journal.append(intent);

        List<String> done = new ArrayList<>();
        try {
            client.deleteUser(id);
            journal.append(journal.entry("deleted", id));
            done.add("federated profile deleted");
            finish(journal, id, now.destination(), now.providerName(), now.subject(), groups, done);
        } catch (PoolClient.CallFailed failed) {
            throw stopped(journal, id, failed, done, notStarted);
        }
        repaired++;
        out.line(actionLine(id, "repaired", now.destination(), groups));
    }

    private void finish(Journal journal, String id, String destination, String provider, String subject,
            List<String> groups, List<String> done) throws OperatorFailure {
        if (!journal.hasStep(id, "linked")) {
            client.link(destination, provider, subject);
            journal.append(journal.entry("linked", id).put("destination", destination));
        }
        done.add("identity linked to " + destination);
        if (arguments.flag("copy-groups")) {
            for (String group : groups) {
                client.addToGroup(destination, group);
                journal.append(journal.entry("group-added", id).put("destination", destination).put("group", group));
                done.add("added to group " + group);
            }
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
        try {
            if (!journal.hasStep(id, "deleted")) {
                // The delete's answer was lost, but the listing no longer has the profile: it is gone.
                journal.append(journal.entry("deleted", id).put("note", "found deleted on resume"));
            }
            done.add("federated profile deleted (earlier run)");
            Step choice = classifier.chooseFor(provider, subject, email, client.usersWithEmail(email));
            boolean sameDestination = (choice instanceof Step.Link link && link.destinationUsername().equals(destination))
                    || (choice instanceof Step.Verdict verdict
                            && verdict.reason() == dev.cognitomerge.decision.Reason.ALREADY_LINKED
                            && destination.equals(verdict.destination()));
            if (!sameDestination) {
                throw new OperatorFailure("Stopped at " + id + ": its federated profile was deleted by an earlier run"
                        + " (the journal " + journal.path() + " holds its attributes and groups), but " + destination
                        + " no longer qualifies to receive " + provider + "/" + subject + " (" + describe(choice)
                        + "). Not linked. Decide by hand: link it with the `link` command once verified, or leave it"
                        + " (the person's next sign-in creates a new federated profile).");
            }
            List<String> groups = new ArrayList<>();
            intent.path("groups").forEach(group -> groups.add(group.asText()));
            finish(journal, id, destination, provider, subject, groups, done);
        } catch (PoolClient.CallFailed failed) {
            throw stopped(journal, id, failed, done, -1);
        }
        resumed++;
        List<String> groups = new ArrayList<>();
        intent.path("groups").forEach(group -> groups.add(group.asText()));
        out.line(actionLine(id, "resumed", destination, groups));
    }

    private ObjectNode actionLine(String id, String action, String destination, List<String> groups) {
        ObjectNode line = out.object();
        line.put("user", id);
        line.put("action", action);
        line.put("destination", destination);
        ArrayNode list = line.putArray(arguments.flag("copy-groups") ? "groupsCopied" : "groupsNotCopied");
        groups.forEach(list::add);
        return line;
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
        rows.add(new String[] {"seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds)});
        out.table(rows);
    }

    private List<String> providerNames() {
        try {
            return arguments.providerNames();
        } catch (UsageException e) {
            return List.of();
        }
    }
}
