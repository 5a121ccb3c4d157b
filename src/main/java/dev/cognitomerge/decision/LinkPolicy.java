package dev.cognitomerge.decision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated settings the decision depends on (built from {@code MergeConfig} at start).
 *
 * @param providerNames provider names as configured in the pool; the link uses this spelling
 * @param subjectAttribute event attribute carrying the IdP's unchanged {@code sub}, if configured
 */
public record LinkPolicy(
        List<String> providerNames,
        Optional<String> subjectAttribute,
        boolean requireVerifiedEmail,
        boolean dryRun,
        FailureAction onAmbiguous,
        FailureAction onLookupFailed) {

    public LinkPolicy {
        providerNames = List.copyOf(providerNames);
        subjectAttribute = subjectAttribute.filter(name -> !name.isBlank());
    }

    /** The configured spelling of {@code prefix}, compared case-insensitively (Cognito may lower-case userName). */
    Optional<String> configuredProvider(String prefix) {
        String wanted = prefix.toLowerCase(Locale.ROOT);
        return providerNames.stream().filter(name -> name.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
