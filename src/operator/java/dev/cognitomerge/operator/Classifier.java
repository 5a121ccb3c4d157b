package dev.cognitomerge.operator;

import dev.cognitomerge.decision.Candidate;
import dev.cognitomerge.decision.FailureAction;
import dev.cognitomerge.decision.LinkPolicy;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.EmailKey;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.OwnerProtection;
import dev.cognitomerge.decision.ProtectionMode;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.SecondIdentityAction;
import dev.cognitomerge.decision.SignUpAttempt;
import dev.cognitomerge.decision.Step;
import dev.cognitomerge.decision.TrustPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Classifies a federated-only user with the trigger's own rules: {@link LinkRules#triage} on the profile as if it
 * were signing in for the first time, then {@link LinkRules#choose} over the users holding its email. Nothing is
 * re-implemented here; this class only names the trigger's outcomes in the operator's terms.
 */
final class Classifier {

    /**
     * Where the exact subject is passed to triage. A federated profile's {@code identities} attribute holds the
     * IdP subject unchanged, while its username may be lower-cased in case-insensitive pools
     * (docs/cognito-facts.md#username-case); triage checks the two agree. Not a real attribute name.
     */
    static final String IDENTITY_SUBJECT = "identities:userId";

    private final String userPoolId;
    private final LinkRules withIdentitySubject;
    private final LinkRules withUsernameSubject;
    private final Predicate<String> mfaRegistered;
    private final Function<String, List<String>> groupsOf;

    /** With the trigger's default protection ({@code mfa}): doctor's count. */
    Classifier(String userPoolId, List<String> providerNames, Predicate<String> mfaRegistered) {
        this(userPoolId, providerNames, ProtectionMode.MFA, Set.of(), mfaRegistered, username -> List.of());
    }

    /**
     * @param protection which owners are never repaired, with the trigger's meaning (its TrustPolicy and
     *        LinkRules#afterInspect decide, so there is one rule)
     * @param mfaRegistered whether a native user has MFA (AdminGetUser): asked only for the one owner a repair would
     *        link to
     * @param groupsOf a native user's groups (AdminListGroupsForUser): asked only with mfa-and-groups
     */
    Classifier(String userPoolId, List<String> providerNames, ProtectionMode protection, Set<String> protectedGroups,
            Predicate<String> mfaRegistered, Function<String, List<String>> groupsOf) {
        this.userPoolId = userPoolId;
        this.mfaRegistered = mfaRegistered;
        this.groupsOf = groupsOf;
        TrustPolicy trust = new TrustPolicy(protection, protectedGroups, TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE,
                SecondIdentityAction.REFUSE, Map.of());
        // Repairs are never looser than the trigger's safest settings: a verified IdP email is required, and
        // ambiguity is a refusal (never a repair), whatever the function is configured with.
        this.withIdentitySubject = new LinkRules(new LinkPolicy(providerNames, Optional.of(IDENTITY_SUBJECT), true,
                false, FailureAction.REFUSE, FailureAction.REFUSE), trust);
        this.withUsernameSubject = new LinkRules(new LinkPolicy(providerNames, Optional.empty(), true,
                false, FailureAction.REFUSE, FailureAction.REFUSE), trust);
    }

    /** The Search the trigger would make for this profile, or the verdict that ends it (unknown provider, ...). */
    Step triage(PoolUser federated) {
        String provider = federated.username().contains("_")
                ? federated.username().substring(0, federated.username().indexOf('_'))
                : federated.username();
        Optional<String> subject = federated.subjectFor(provider);
        Map<String, String> attributes = new HashMap<>(federated.attributes());
        subject.ifPresent(value -> attributes.put(IDENTITY_SUBJECT, value));
        SignUpAttempt attempt = new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, userPoolId, federated.username(),
                attributes);
        return (subject.isPresent() ? withIdentitySubject : withUsernameSubject).triage(attempt);
    }

    /** True when the profile belongs to one of the configured providers (others are not ours to report). */
    boolean concerns(PoolUser federated) {
        return !(triage(federated) instanceof Step.Verdict verdict && verdict.reason() == Reason.UNKNOWN_PROVIDER);
    }

    /** Whether a native user's custom:merge_unlinked keeps an identity away from it. */
    enum Unlinked {
        NOT_LISTED,
        LISTED,
        /** The value is not a list of identities: treated as listed, so an unlink is never undone by a value we cannot read. */
        UNREADABLE
    }

    /** The class of {@code federated}, given every user that holds its email (any case). */
    Classification classify(PoolUser federated, List<PoolUser> holdersOfEmail) {
        boolean nativeSharesEmail = federated.email() != null && holdersOfEmail.stream()
                .anyMatch(user -> !user.isFederated() && user.email() != null
                        && EmailKey.of(user.email()).equals(EmailKey.of(federated.email())));
        Step triaged = triage(federated);
        if (triaged instanceof Step.Verdict verdict) {
            String kind = verdict.reason() == Reason.EMAIL_NOT_VERIFIED
                    ? Classification.FEDERATED_EMAIL_UNVERIFIED
                    : Classification.NOT_LINKABLE;
            return new Classification(federated, kind, verdict.reason().code(), null, null, federated.email(), null,
                    nativeSharesEmail);
        }
        Step.Search search = (Step.Search) triaged;
        String provider = search.identity().providerName();
        String subject = search.identity().subject();
        List<PoolUser> others = holdersOfEmail.stream()
                .filter(user -> !user.username().equals(federated.username()))
                .toList();
        Step chosen = withUsernameSubject.choose(search, others.stream().map(PoolUser::toCandidate).toList());
        Optional<String> owner = owner(chosen);
        if (owner.isPresent()) {
            Unlinked unlinked = unlinked(owner.get(), provider, subject, others);
            if (unlinked != Unlinked.NOT_LISTED) {
                return new Classification(federated, Classification.UNLINKED_BY_OPERATOR,
                        unlinked == Unlinked.UNREADABLE ? "unlinked-record-unreadable" : null, provider, subject,
                        search.email(), owner.get(), nativeSharesEmail);
            }
        }
        chosen = inspected(chosen);
        if (chosen instanceof Step.Link link) {
            return new Classification(federated, Classification.REPAIRABLE, null, provider, subject, search.email(),
                    link.destinationUsername(), nativeSharesEmail);
        }
        if (chosen instanceof Step.Verdict verdict) {
            String kind = switch (verdict.reason()) {
                case AMBIGUOUS -> Classification.AMBIGUOUS;
                case PROTECTED_ACCOUNT -> Classification.PROTECTED_ACCOUNT;
                case NO_CANDIDATE -> Classification.NO_NATIVE_USER;
                case LINK_LIMIT_REACHED -> Classification.LINK_LIMIT_REACHED;
                default -> Classification.CANDIDATE_NOT_QUALIFIED;
            };
            String why = kind.equals(Classification.CANDIDATE_NOT_QUALIFIED) ? verdict.reason().code() : null;
            return new Classification(federated, kind, why, provider, subject, search.email(), verdict.destination(),
                    nativeSharesEmail);
        }
        // A step this version does not know is never a repair.
        return new Classification(federated, Classification.CANDIDATE_NOT_QUALIFIED, "unsupported-step", provider,
                subject, search.email(), null, nativeSharesEmail);
    }

    /**
     * The trigger's choice for an identity whose federated profile is already gone (a repair resumed after the
     * delete): a Link, or an already-linked Verdict, naming the native user. The caller checks {@link #unlinked}
     * first.
     */
    Step chooseFor(String providerName, String subject, String email, List<PoolUser> holdersOfEmail) {
        Step.Search search = new Step.Search(new dev.cognitomerge.decision.FederatedIdentity(providerName, subject), email);
        return inspected(withUsernameSubject.choose(search, holdersOfEmail.stream().map(PoolUser::toCandidate).toList()));
    }

    /** Whether {@code owner}'s custom:merge_unlinked lists the identity (trigger matching). */
    static Unlinked unlinked(String owner, String providerName, String subject, List<PoolUser> holders) {
        PoolUser user = holders.stream().filter(holder -> holder.username().equals(owner)).findFirst().orElse(null);
        if (user == null) {
            return Unlinked.NOT_LISTED;
        }
        List<LinkedIdentity> record = UnlinkedRecord.of(user);
        if (record == null) {
            return Unlinked.UNREADABLE;
        }
        return UnlinkedRecord.lists(record, providerName, subject) ? Unlinked.LISTED : Unlinked.NOT_LISTED;
    }

    private static Optional<String> owner(Step chosen) {
        if (chosen instanceof Step.Inspect inspect) {
            return Optional.of(inspect.ownerUsername());
        }
        if (chosen instanceof Step.Link link) {
            return Optional.of(link.destinationUsername());
        }
        return Optional.empty();
    }

    /** The trigger's owner inspection: MFA state, and groups with mfa-and-groups; a repair asks the same. */
    private Step inspected(Step chosen) {
        if (chosen instanceof Step.Inspect inspect) {
            List<String> groups = inspect.groups() ? groupsOf.apply(inspect.ownerUsername()) : List.of();
            return withUsernameSubject.afterInspect(inspect,
                    new OwnerProtection(mfaRegistered.test(inspect.ownerUsername()), groups));
        }
        return chosen;
    }
}
