package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.ProtectionMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code link} and {@code unlink}: one native user, one provider identity, journaled like a repair.
 * {@code unlink} first records the identity in the user's custom:merge_unlinked (AdminUpdateUserAttributes), then
 * removes the link (AdminDisableProviderForUser): an interruption leaves a record and a link, which is harmless (the
 * trigger never runs for a linked identity), never an unrecorded unlink. The identity's next sign-in then gets its
 * own federated profile, and the trigger keeps it apart from this user (unlinked-by-operator). {@code link} is for a
 * person the operators verified out of band after the trigger refused them; it removes the record after linking.
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
        try (Journal journal = Journal.open(json, Path.of(arguments.required("journal")), client.userPoolId(), out)) {
            PoolUser user = client.user(username).orElseThrow(() -> new OperatorFailure("The pool has no user named '"
                    + username + "'. Nothing was changed."));
            if (user.isFederated()) {
                throw new OperatorFailure("'" + username + "' is a federated-only profile (EXTERNAL_PROVIDER); " + action
                        + " works on the native user that holds (or is to hold) the identity. Nothing was changed.");
            }
            List<LinkedIdentity> record = UnlinkedRecord.of(user);
            if (record == null) {
                throw new OperatorFailure(username + "'s " + UnlinkedRecord.ATTRIBUTE + " is not a JSON array of"
                        + " {providerName, userId} ('" + user.attributes().get(UnlinkedRecord.ATTRIBUTE) + "'): correct"
                        + " or clear it by hand first (aws cognito-idp admin-update-user-attributes). Nothing was changed.");
            }
            Optional<LinkedIdentity> linked = user.identities().stream()
                    .filter(identity -> identity.providerName().equalsIgnoreCase(provider)
                            && identity.userId().equals(subject))
                    .findFirst();
            String result = action.equals("link") ? link(journal, id, user, provider, subject, linked, record)
                    : unlink(journal, id, user, provider, subject, linked, record);
            ObjectNode line = out.object();
            line.put("user", username);
            line.put("action", result);
            line.put("provider", provider);
            line.put("subject", subject);
            line.put("status", user.status());
            line.put("enabled", user.enabled());
            line.put("unlinkedRecord", action.equals("link") ? "cleared" : "written");
            out.row(line);
            out.table(List.of(new String[] {"user", "identity", "result", UnlinkedRecord.ATTRIBUTE},
                    new String[] {username, provider + "/" + subject, result,
                            action.equals("link") ? "does not list it" : "lists it"}));
            ObjectNode summary = out.object();
            summary.put("summary", action);
            summary.put("result", result);
            summary.put("cognitoCalls", client.calls());
            out.summary(summary);
            return OperatorMain.DONE;
        } catch (PoolClient.CallFailed failed) {
            throw new OperatorFailure("Stopped: " + failed.getMessage() + ". The journal "
                    + arguments.option("journal").orElse("") + " says how far it got; rerun the same command to complete"
                    + " it." + (failed.operation().equals("AdminUpdateUserAttributes")
                            ? " If the pool has no " + UnlinkedRecord.ATTRIBUTE + " attribute, add it first (see"
                                    + " docs/operations.md, or run doctor)." : ""), failed);
        } catch (java.io.IOException e) {
            return OperatorMain.DONE; // closing the journal: every append was already forced to disk
        }
    }

    private String link(Journal journal, String id, PoolUser user, String provider, String subject,
            Optional<LinkedIdentity> linked, List<LinkedIdentity> record) throws OperatorFailure, UsageException {
        if (linked.isPresent()) {
            if (journal.unfinished("link").containsKey(id) && !journal.hasStep(id, "linked")) {
                journal.append(journal.entry("linked", id).put("note", "found linked on resume"));
            }
            if (UnlinkedRecord.lists(record, provider, subject)) {
                if (!journal.unfinished("link").containsKey(id)) {
                    journal.append(intent(journal, id, "link", user, provider, subject));
                }
                clear(journal, id, user, provider, subject, record);
            }
            if (journal.unfinished("link").containsKey(id)) {
                journal.append(journal.entry("done", id));
            }
            return "already-linked";
        }
        protect(user);
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
        if (UnlinkedRecord.lists(record, provider, subject)) {
            clear(journal, id, user, provider, subject, record);
        }
        journal.append(journal.entry("done", id));
        return "linked";
    }

    /**
     * A deliberate link is still refused on a protected owner unless the operator says otherwise: the same rule as
     * the trigger's (TrustPolicy through the Classifier), so {@code --protected-accounts off} is the explicit
     * statement that the person was verified out of band.
     */
    private void protect(PoolUser user) throws OperatorFailure, UsageException {
        ProtectionMode mode = arguments.protectedAccounts();
        if (mode == ProtectionMode.OFF) {
            return;
        }
        boolean mfa = client.mfaRegistered(user.username());
        Set<String> protectedGroups = arguments.protectedGroups();
        List<String> inProtectedGroups = mode == ProtectionMode.MFA_AND_GROUPS
                ? client.groupsOf(user.username()).stream().filter(protectedGroups::contains).toList() : List.of();
        if (mfa || !inProtectedGroups.isEmpty()) {
            throw new OperatorFailure(user.username() + " is a protected account under --protected-accounts "
                    + mode.code() + " (" + (mfa ? "it has MFA" : "it is in " + String.join(", ", inProtectedGroups))
                    + "): a link lets the identity in without that account's MFA step. If you verified the person out of"
                    + " band, rerun with --protected-accounts off. Nothing was changed.");
        }
    }

    private String unlink(Journal journal, String id, PoolUser user, String provider, String subject,
            Optional<LinkedIdentity> linked, List<LinkedIdentity> record) throws OperatorFailure {
        if (linked.isEmpty()) {
            if (journal.unfinished("unlink").containsKey(id)) {
                journal.append(journal.entry("unlinked", id).put("note", "found unlinked on resume"));
                journal.append(journal.entry("done", id));
                return "unlinked";
            }
            if (UnlinkedRecord.lists(record, provider, subject)) {
                return "already-unlinked";
            }
            throw new OperatorFailure(user.username() + " has no linked identity " + provider + "/" + subject
                    + " (its identities: " + user.identities() + "). Nothing was changed.");
        }
        // The link's provider name as Cognito stored it: AdminDisableProviderForUser needs the configured name.
        String stored = linked.get().providerName();
        List<LinkedIdentity> more = UnlinkedRecord.with(record, stored, subject);
        String value = UnlinkedRecord.write(more);
        if (value.length() > UnlinkedRecord.MAX_LENGTH) {
            throw new OperatorFailure(user.username() + "'s " + UnlinkedRecord.ATTRIBUTE + " would need " + value.length()
                    + " characters, past Cognito's " + UnlinkedRecord.MAX_LENGTH + " for a custom attribute: the unlink"
                    + " could not be recorded, so it is not made (the trigger would link the identity straight back)."
                    + " Remove entries of identities that no longer exist from the attribute first. Nothing was changed.");
        }
        if (!journal.unfinished("unlink").containsKey(id)) {
            journal.append(intent(journal, id, "unlink", user, stored, subject));
        }
        // Record first, unlink second (docs/trust-model.md#the-records-in-the-pool): an interruption between them leaves a record and a link.
        if (!UnlinkedRecord.lists(record, stored, subject)) {
            client.updateAttribute(user.username(), UnlinkedRecord.ATTRIBUTE, value);
            journal.append(journal.entry("recorded", id).put(UnlinkedRecord.ATTRIBUTE, value));
        }
        client.disableProvider(stored, subject);
        journal.append(journal.entry("unlinked", id));
        journal.append(journal.entry("done", id));
        return "unlinked";
    }

    /** Removes the identity from the record after a link: set to the rest, {@code []} when nothing is left. */
    private void clear(Journal journal, String id, PoolUser user, String provider, String subject,
            List<LinkedIdentity> record) throws OperatorFailure {
        String value = UnlinkedRecord.write(UnlinkedRecord.without(record, provider, subject));
        client.updateAttribute(user.username(), UnlinkedRecord.ATTRIBUTE, value);
        journal.append(journal.entry("unrecorded", id).put(UnlinkedRecord.ATTRIBUTE, value));
    }

    private static ObjectNode intent(Journal journal, String id, String action, PoolUser user, String provider,
            String subject) {
        ObjectNode intent = journal.entry("intent", id);
        intent.put("action", action);
        Journal.putUser(intent, "user", user);
        intent.putObject("identity").put("providerName", provider).put("subject", subject);
        return intent;
    }
}
