package dev.cognitomerge.decision;

import dev.cognitomerge.cognito.ListUsersFilter;
import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * The whole linking decision, as pure and total functions over plain records: no I/O, no clock, no
 * exceptions for any input. The handler calls {@link #triage}, then {@link #choose} with what ListUsers
 * found, then (unless protected accounts are off) {@link #afterInspect} with the owner's MFA state and groups,
 * then {@link #afterLink} with what AdminLinkProviderForUser answered.
 */
public final class LinkRules {

    /** Cognito allows at most five linked identities per user (docs/cognito-facts.md#link-limit). */
    static final int MAX_LINKED_IDENTITIES = 5;

    /**
     * AdminLinkProviderForUser rejects a source whose provider name, attribute name and value together
     * exceed 128 characters (docs/cognito-facts.md#source-length). Checking first turns a certain API error
     * into a plain "continue"; if the fact is wrong we only skip links Cognito might have accepted.
     */
    static final int MAX_SOURCE_LENGTH = 128;

    static final String SUBJECT_ATTRIBUTE_NAME = "Cognito_Subject";

    private final LinkPolicy policy;
    private final TrustPolicy trust;

    /** Rules with the default trust settings ({@link TrustPolicy#DEFAULTS}). */
    public LinkRules(LinkPolicy policy) {
        this(policy, TrustPolicy.DEFAULTS);
    }

    public LinkRules(LinkPolicy policy, TrustPolicy trust) {
        this.policy = policy;
        this.trust = trust;
    }

    /** Everything that can be decided from the event alone. A {@link Search} means: look the email up. */
    public Step triage(SignUpAttempt attempt) {
        if (!SignUpAttempt.EXTERNAL_PROVIDER.equals(attempt.triggerSource())) {
            return continued(Reason.NOT_EXTERNAL_PROVIDER);
        }
        String userName = attempt.userName();
        // userName is "<ProviderName>_<subject>"; provider names cannot contain '_' but subjects can,
        // so only the first '_' separates them (docs/cognito-facts.md#federated-username).
        int separator = userName == null ? -1 : userName.indexOf('_');
        if (separator <= 0 || separator == userName.length() - 1) {
            return continued(Reason.MALFORMED_USERNAME);
        }
        Optional<String> provider = policy.configuredProvider(userName.substring(0, separator));
        if (provider.isEmpty()) {
            return continued(Reason.UNKNOWN_PROVIDER);
        }
        if (attempt.userPoolId() == null || attempt.userPoolId().isBlank()) {
            return continued(Reason.POOL_ID_MISSING);
        }
        String userNameSubject = userName.substring(separator + 1);
        ProviderTrust providerTrust = trust.providerTrust(provider.get())
                .orElseGet(() -> new ProviderTrust(policy.requireVerifiedEmail(), policy.subjectAttribute()));

        String subject = userNameSubject;
        if (providerTrust.subjectAttribute().isPresent()) {
            Optional<String> mapped = attempt.attribute(providerTrust.subjectAttribute().get());
            if (mapped.isEmpty()) {
                return continued(Reason.SUBJECT_MISSING);
            }
            // Cognito may lower-case userName in case-insensitive pools, so the mapped attribute is the
            // exact subject; it must still be the same identity, or we would link someone else's.
            if (!mapped.get().equalsIgnoreCase(userNameSubject)) {
                return continued(Reason.SUBJECT_MISMATCH);
            }
            subject = mapped.get();
        }
        if (provider.get().length() + SUBJECT_ATTRIBUTE_NAME.length() + subject.length() > MAX_SOURCE_LENGTH) {
            return continued(Reason.SUBJECT_TOO_LONG);
        }

        Optional<String> email = attempt.attribute("email");
        if (email.isEmpty()) {
            return continued(Reason.EMAIL_MISSING);
        }
        if (providerTrust.requireVerifiedEmail() && !isTrue(attempt.attribute("email_verified"))) {
            return continued(Reason.EMAIL_NOT_VERIFIED);
        }
        if (!looksLikeEmail(email.get())) {
            return continued(Reason.EMAIL_INVALID);
        }
        // The key has the same length and escapes as the email, so one check covers both searches.
        if (ListUsersFilter.emailEquals(email.get()).isEmpty()) {
            return continued(Reason.EMAIL_TOO_LONG);
        }
        return new Search(new FederatedIdentity(provider.get(), subject), email.get());
    }

    /**
     * Picks the one native account that owns the email. Owners are native users (not EXTERNAL_PROVIDER)
     * that are CONFIRMED, have verified this email themselves and hold it (as {@link EmailKey} compares):
     * only such an account has proven the address, so only such an account may receive the federated identity.
     */
    public Step choose(Search search, List<Candidate> candidates) {
        String emailKey = EmailKey.of(search.email());
        List<Candidate> natives = candidates.stream()
                .filter(candidate -> !candidate.isFederated())
                .filter(candidate -> candidate.email() != null
                        && EmailKey.of(candidate.email()).equals(emailKey))
                .toList();
        List<Candidate> owners = natives.stream()
                .filter(candidate -> candidate.isConfirmed() && candidate.emailVerified())
                .toList();

        if (owners.size() > 1) {
            return Verdict.of(policy.onAmbiguous().outcome(), Reason.AMBIGUOUS);
        }
        if (owners.size() == 1) {
            return chooseOwner(search.identity(), owners.get(0));
        }
        if (natives.stream().anyMatch(candidate -> !candidate.isConfirmed())) {
            return continued(Reason.CANDIDATE_NOT_CONFIRMED);
        }
        if (!natives.isEmpty()) {
            return continued(Reason.CANDIDATE_EMAIL_NOT_VERIFIED);
        }
        return continued(Reason.NO_CANDIDATE);
    }

    private Step chooseOwner(FederatedIdentity identity, Candidate owner) {
        // A disabled owner must not get a fresh, enabled account by signing in through the IdP.
        if (!owner.enabled()) {
            return new Verdict(Outcome.REFUSED, Reason.CANDIDATE_DISABLED, owner.username());
        }
        boolean linkedAlready = owner.identities().stream()
                .anyMatch(linked -> identity.providerName().equalsIgnoreCase(linked.providerName())
                        && identity.subject().equals(linked.userId()));
        if (linkedAlready) {
            return new Verdict(Outcome.ALREADY_LINKED, Reason.ALREADY_LINKED, owner.username());
        }
        boolean holdsAnotherOfThisProvider = owner.identities().stream()
                .anyMatch(linked -> identity.providerName().equalsIgnoreCase(linked.providerName()));
        if (holdsAnotherOfThisProvider && trust.onSecondIdentity() == SecondIdentityAction.REFUSE) {
            return new Verdict(Outcome.REFUSED, Reason.PROVIDER_ALREADY_LINKED, owner.username());
        }
        // Continuing would create a second account that Cognito can never merge into this one.
        if (owner.identities().size() >= MAX_LINKED_IDENTITIES) {
            return new Verdict(Outcome.REFUSED, Reason.LINK_LIMIT_REACHED, owner.username());
        }
        if (trust.protectedAccounts() != ProtectionMode.OFF) {
            return new Inspect(identity, owner.username(), trust.protectedAccounts().readsGroups());
        }
        return linkOrDryRun(identity, owner.username());
    }

    /**
     * The end of the owner inspection: a protected owner is refused (an operator can link it deliberately after
     * verifying the person out of band), any other is linked. A dry run refuses what it would refuse, as
     * everywhere else, and only skips the link itself.
     */
    public Step afterInspect(Inspect inspect, OwnerProtection protection) {
        if (trust.protects(protection)) {
            return new Verdict(Outcome.REFUSED, Reason.PROTECTED_ACCOUNT, inspect.ownerUsername());
        }
        return linkOrDryRun(inspect.identity(), inspect.ownerUsername());
    }

    private Step linkOrDryRun(FederatedIdentity identity, String ownerUsername) {
        if (policy.dryRun()) {
            return new Verdict(Outcome.CONTINUED, Reason.DRY_RUN, ownerUsername);
        }
        return new Link(identity, ownerUsername);
    }

    /** The text a refusal shows the person: the reason's, or the configured one for a protected account. */
    public String userMessage(Verdict verdict) {
        return verdict.reason() == Reason.PROTECTED_ACCOUNT ? trust.protectedAccountMessage()
                : verdict.reason().userMessage();
    }

    /** The end of a link call. */
    public Verdict afterLink(Link link, LinkResult result) {
        return switch (result) {
            case LINKED -> new Verdict(Outcome.LINKED, Reason.LINKED, link.destinationUsername());
            case ALREADY_LINKED -> new Verdict(Outcome.ALREADY_LINKED, Reason.ALREADY_LINKED, link.destinationUsername());
            case LIMIT_EXCEEDED -> new Verdict(Outcome.REFUSED, Reason.LINK_LIMIT_REACHED, link.destinationUsername());
        };
    }

    /**
     * Cognito could not be asked, or answered with an error, within the time budget. Refusing by default
     * lets the person's next attempt link; continuing would create a duplicate account forever.
     */
    public Verdict lookupFailed() {
        return Verdict.of(policy.onLookupFailed().outcome(), Reason.LOOKUP_FAILED);
    }

    private static Verdict continued(Reason reason) {
        return Verdict.of(Outcome.CONTINUED, reason);
    }

    /** The IdP asserts email_verified as a JSON boolean or a string; Cognito passes both as text. */
    private static boolean isTrue(Optional<String> value) {
        return value.map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }

    /** One '@' with text on both sides and no control characters (which no real address has). */
    private static boolean looksLikeEmail(String email) {
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
            return false;
        }
        return email.chars().noneMatch(Character::isISOControl);
    }
}
