package dev.cognitomerge.operator;

import dev.cognitomerge.decision.EmailKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the whole pool (ListUsers pages of 60, no filter), indexed by {@link EmailKey}, and the
 * classification of every federated-only user of the configured providers against that index. Listing the pool
 * once costs users/60 calls, where a search per federated user would cost one or two calls each. The index holds
 * every user whose email has the same key, which is at least what the trigger's exact-then-lower-cased search
 * finds; a larger set can only turn a repair into {@code ambiguous}, never the other way.
 */
final class Inventory {

    final List<Classification> classifications = new ArrayList<>();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    long usersExamined;

    static Inventory take(PoolClient client, Classifier classifier) {
        return take(client, classifier, new Progress(System.err, true), 0);
    }

    /**
     * @param estimatedUsers the pool's EstimatedNumberOfUsers (0 when unknown), for the progress line's time left
     */
    static Inventory take(PoolClient client, Classifier classifier, Progress progress, long estimatedUsers) {
        Inventory inventory = new Inventory();
        Map<String, List<PoolUser>> byEmail = new HashMap<>();
        List<PoolUser> federated = new ArrayList<>();
        long[] pages = {0};
        progress.start();
        client.forEachUser(user -> {
            inventory.usersExamined++;
            if (user.email() != null) {
                byEmail.computeIfAbsent(EmailKey.of(user.email()), key -> new ArrayList<>()).add(user);
            }
            if (user.isFederated() && classifier.concerns(user)) {
                federated.add(user);
            }
        }, last -> progress.listed(++pages[0], inventory.usersExamined, estimatedUsers, last));
        Classification.KINDS.forEach(kind -> inventory.counts.put(kind, 0));
        progress.start();
        int done = 0;
        for (PoolUser user : federated) {
            List<PoolUser> holders = user.email() == null ? List.of()
                    : byEmail.getOrDefault(EmailKey.of(user.email()), List.of());
            Classification classification = classifier.classify(user, holders);
            inventory.classifications.add(classification);
            inventory.counts.merge(classification.kind(), 1, Integer::sum);
            progress.step("classified", "federated-only users", ++done, federated.size());
        }
        return inventory;
    }

    int count(String kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** Federated-only users whose email a native user also holds, whatever their class. */
    long splitAccounts() {
        return classifications.stream().filter(Classification::nativeSharesEmail).count();
    }
}
