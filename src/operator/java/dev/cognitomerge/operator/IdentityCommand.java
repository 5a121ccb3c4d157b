package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.LinkedIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code link} and {@code unlink}: one native user, one provider identity, journaled like a repair.
 * {@code link} is for a person the operators verified out of band after the trigger refused to link them
 * (e.g. {@code protected-account}, {@code provider-already-linked}); {@code unlink} undoes a wrong link with
 * AdminDisableProviderForUser, after which the identity's next sign-in creates a fresh federated profile
 * (docs/cognito-facts.md#disable-provider).
 */
final class IdentityCommand {

    /** Cognito's limit of linked identities per user (docs/cognito-facts.md#link-limit). */
    static final int MAX_LINKED_IDENTITIES = 5;

    private final ObjectMapper json;
    private final Output out;
    private final PoolClient client;
    private final Arguments arguments;

    IdentityCommand(ObjectMapper json, Output out, PoolClient client, Arguments arguments) {
        this.json = json;
        this.out = out;
        this.client = client;
        this.arguments = arguments;
    }

    int run() throws UsageException, OperatorFailure {
        String action = arguments.command();
        String username = arguments.required("username");
        String provider = arguments.required("provider-name");
        String subject = arguments.required("subject");
        String id = action + ":" + username + ":" + provider + ":" + subject;
        try (Journal journal = Journal.open(json, Path.of(arguments.required("journal")), client.userPoolId())) {
            PoolUser user = client.user(username).orElseThrow(() -> new OperatorFailure("The pool has no user named '"
                    + username + "'. Nothing was changed."));
            if (user.isFederated()) {
                throw new OperatorFailure("'" + username + "' is a federated-only profile (EXTERNAL_PROVIDER); " + action
                        + " works on the native user that holds (or is to hold) the identity. Nothing was changed.");
            }
            Optional<LinkedIdentity> linked = user.identities().stream()
                    .filter(identity -> identity.providerName().equalsIgnoreCase(provider)
                            && identity.userId().equals(subject))
                    .findFirst();
            String result = action.equals("link") ? link(journal, id, user, provider, subject, linked)
                    : unlink(journal, id, user, subject, linked);
            ObjectNode line = out.object();
            line.put("user", username);
            line.put("action", result);
            line.put("provider", provider);
            line.put("subject", subject);
            line.put("status", user.status());
            line.put("enabled", user.enabled());
            out.line(line);
            out.table(List.of(new String[] {"user", "identity", "result"},
                    new String[] {username, provider + "/" + subject, result}));
            return 0;
        } catch (PoolClient.CallFailed failed) {
            throw new OperatorFailure("Stopped: " + failed.getMessage() + ". The journal "
                    + arguments.option("journal").orElse("") + " says how far it got; rerun the same command to complete it.",
                    failed);
        } catch (java.io.IOException e) {
            return 0; // closing the journal: every append was already forced to disk
        }
    }

    private String link(Journal journal, String id, PoolUser user, String provider, String subject,
            Optional<LinkedIdentity> linked) throws OperatorFailure {
        if (linked.isPresent()) {
            markDoneIfOpen(journal, id);
            return "already-linked";
        }
        String profile = provider + "_" + subject;
        if (client.user(profile).isPresent()) {
            throw new OperatorFailure("The identity " + provider + "/" + subject + " already has its own federated profile '"
                    + profile + "', and Cognito cannot merge it into " + user.username() + ". If reconcile lists it as"
                    + " repairable, run reconcile --apply; otherwise delete that profile first (keep a copy of it)."
                    + " Nothing was changed.");
        }
        if (user.identities().size() >= MAX_LINKED_IDENTITIES) {
            throw new OperatorFailure(user.username() + " already has " + user.identities().size()
                    + " linked identities, Cognito's limit: unlink one the person no longer uses first. Nothing was changed.");
        }
        journal.append(intent(journal, id, "link", user, provider, subject));
        client.link(user.username(), provider, subject);
        journal.append(journal.entry("linked", id));
        journal.append(journal.entry("done", id));
        return "linked";
    }

    private String unlink(Journal journal, String id, PoolUser user, String subject, Optional<LinkedIdentity> linked)
            throws OperatorFailure {
        if (linked.isEmpty()) {
            if (journal.unfinished("unlink").containsKey(id)) {
                journal.append(journal.entry("unlinked", id).put("note", "found unlinked on resume"));
                journal.append(journal.entry("done", id));
                return "unlinked";
            }
            throw new OperatorFailure(user.username() + " has no linked identity " + arguments.option("provider-name")
                    .orElse("") + "/" + subject + " (its identities: " + user.identities() + "). Nothing was changed.");
        }
        // The link's provider name as Cognito stored it: AdminDisableProviderForUser needs the configured name.
        String provider = linked.get().providerName();
        journal.append(intent(journal, id, "unlink", user, provider, subject));
        client.disableProvider(provider, subject);
        journal.append(journal.entry("unlinked", id));
        journal.append(journal.entry("done", id));
        return "unlinked";
    }

    private static ObjectNode intent(Journal journal, String id, String action, PoolUser user, String provider,
            String subject) {
        ObjectNode intent = journal.entry("intent", id);
        intent.put("action", action);
        Journal.putUser(intent, "user", user);
        intent.putObject("identity").put("providerName", provider).put("subject", subject);
        return intent;
    }

    private static void markDoneIfOpen(Journal journal, String id) throws OperatorFailure {
        if (journal.unfinished("link").containsKey(id)) {
            journal.append(journal.entry("linked", id).put("note", "found linked on resume"));
            journal.append(journal.entry("done", id));
        }
    }
}
