package dev.cognitomerge.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code MERGE_*} environment variables this function reads, so that one it does not read stops init.
 *
 * <p>Why: SmallRye ignores an environment variable that maps to nothing, so a misspelt name silently leaves the
 * setting at its default. For most settings the default is the safe value, but not for all: {@code MERGE_DRY_RUM=true}
 * makes real links, {@code MERGE_PROTECTED_ACOUNTS=mfa-and-groups} leaves the groups unprotected. A setting that
 * weakens security fails closed, and a name we cannot read is such a setting. The list is pinned to {@link MergeConfig}
 * and to the variables the Terraform modules set by {@code ConfigurationDocsTest}.
 */
public final class SettingNames {

    /** Every leaf of {@link MergeConfig} as its environment variable, except the per-provider map. */
    public static final Set<String> KNOWN = Set.of(
            "MERGE_PROVIDER_NAMES", "MERGE_SUBJECT_ATTRIBUTE", "MERGE_REQUIRE_VERIFIED_EMAIL", "MERGE_DRY_RUN",
            "MERGE_ON_AMBIGUOUS", "MERGE_ON_LOOKUP_FAILED", "MERGE_TIME_BUDGET", "MERGE_DEADLINE_MARGIN",
            "MERGE_METRICS_NAMESPACE", "MERGE_SNAPSTART_PRIMING", "MERGE_WHEN_NO_NATIVE_USER",
            "MERGE_NATIVE_SIGN_UP_GUARD", "MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE", "MERGE_CREATE_COPY_ATTRIBUTES",
            "MERGE_PROTECTED_ACCOUNTS", "MERGE_PROTECTED_GROUPS", "MERGE_PROTECTED_ACCOUNT_MESSAGE",
            "MERGE_ON_SECOND_IDENTITY", "MERGE_LINK_NOTIFICATION_TOPIC_ARN", "MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE",
            "MERGE_SELF_SERVICE_USER_POOL_ID", "MERGE_SELF_SERVICE_CLIENT_IDS", "MERGE_SELF_SERVICE_ALLOWED_ORIGINS",
            "MERGE_SELF_SERVICE_MAX_AUTH_AGE", "MERGE_SELF_SERVICE_COGNITO_ISSUER");

    /** The per-provider settings, MERGE_PROVIDER__&lt;NAME&gt;__&lt;SETTING&gt; (the name as SmallRye's env form). */
    public static final Set<String> PER_PROVIDER = Set.of("REQUIRE_VERIFIED_EMAIL", "SUBJECT_ATTRIBUTE", "ISSUER",
            "AUDIENCE");

    private static final Pattern PROVIDER_SETTING = Pattern.compile("MERGE_PROVIDER__[A-Z0-9_]+__([A-Z_]+)");

    private SettingNames() {
    }

    /**
     * One sentence for each variable that starts with {@code MERGE_} (in any case: SmallRye's environment source
     * matches names leniently, so {@code merge_dry_run} sets the dry run too) and is not read by this function,
     * naming the closest one it reads. Other names are not ours to judge.
     */
    public static List<String> unknown(Iterable<String> environmentNames) {
        List<String> problems = new ArrayList<>();
        for (String name : environmentNames) {
            String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("MERGE_") || isKnown(upper)) {
                continue;
            }
            problems.add(name + " is not a setting of this function, so it would be ignored" + suggestion(upper)
                    + "; remove it or correct its name (docs/configuration.md lists every setting)");
        }
        problems.sort(Comparator.naturalOrder());
        return problems;
    }

    static boolean isKnown(String name) {
        if (KNOWN.contains(name)) {
            return true;
        }
        var setting = PROVIDER_SETTING.matcher(name);
        return setting.matches() && PER_PROVIDER.contains(setting.group(1));
    }

    private static String suggestion(String name) {
        if (name.startsWith("MERGE_PROVIDER__")) {
            return " (per provider: MERGE_PROVIDER__<NAME>__" + String.join("|", PER_PROVIDER.stream().sorted().toList())
                    + ")";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KNOWN.stream().sorted().toList()) {
            int distance = distance(name, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance; the names are short. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
