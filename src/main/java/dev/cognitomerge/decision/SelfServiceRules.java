package dev.cognitomerge.decision;

import dev.cognitomerge.decision.SelfServiceStep.Answer;
import dev.cognitomerge.decision.SelfServiceStep.CheckProfile;
import dev.cognitomerge.decision.SelfServiceStep.Link;
import dev.cognitomerge.decision.SelfServiceStep.ReadAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The self-service link decision: pure and total over plain records, like {@link LinkRules}, whose rules about an
 * owner's identities it reuses ({@link LinkRules#ownerConflict}). The handler calls {@link #check} with the two
 * verified tokens, {@link #afterRead} with the native user as Cognito shows it, {@link #afterProfileCheck} with
 * whether the identity has a profile of its own, then {@link #afterLink}.
 *
 * <p>What is not checked, on purpose: the owner's MFA and protected groups. The trigger refuses those owners because
 * an IdP's word about an email is all it has; here the person has just signed in to the native account itself
 * (password, and MFA when the account has it), so the native account's own protection was satisfied a moment ago.
 * Everything else the trigger requires of a link still holds.
 */
public final class SelfServiceRules {

    private final LinkRules shared;
    private final LinkPolicy policy;
    private final TrustPolicy trust;
    private final SelfServicePolicy selfService;

    public SelfServiceRules(LinkRules shared, LinkPolicy policy, TrustPolicy trust, SelfServicePolicy selfService) {
        this.shared = shared;
        this.policy = policy;
        this.trust = trust;
        this.selfService = selfService;
    }

    /** The requested provider in the pool's spelling, when this endpoint verifies its tokens; empty: unknown-provider. */
    public Optional<String> provider(String requested) {
        return selfService.provider(requested);
    }

    /** Everything the two tokens decide on their own. A {@link ReadAccount} means: read the native user. */
    public SelfServiceStep check(NativeSignIn signIn, IdentityProof proof, Instant now) {
        if (signIn.username() == null || signIn.username().isBlank()
                || proof.subject() == null || proof.subject().isBlank()) {
            return Answer.refused(SelfServiceReason.INVALID_TOKEN);
        }
        if (signIn.federated()) {
            return Answer.refused(SelfServiceReason.NOT_A_NATIVE_SIGN_IN);
        }
        Optional<SelfServiceReason> nativeAge = age(signIn.authTime(), now);
        if (nativeAge.isPresent()) {
            return Answer.refused(nativeAge.get());
        }
        Optional<SelfServiceReason> identityAge = age(Optional.ofNullable(proof.authenticatedAt()), now);
        if (identityAge.isPresent()) {
            return Answer.refused(identityAge.get());
        }
        if (selfService.provider(proof.providerName()).filter(proof.providerName()::equals).isEmpty()) {
            return Answer.refused(SelfServiceReason.UNKNOWN_PROVIDER);
        }
        // Cognito refuses a longer source (docs/cognito-facts.md#source-length); saying so now beats an API error.
        if (proof.providerName().length() + LinkRules.SUBJECT_ATTRIBUTE_NAME.length() + proof.subject().length()
                > LinkRules.MAX_SOURCE_LENGTH) {
            return Answer.refused(SelfServiceReason.LINK_REFUSED);
        }
        boolean requireVerified = trust.providerTrust(proof.providerName()).map(ProviderTrust::requireVerifiedEmail)
                .orElse(policy.requireVerifiedEmail());
        if (proof.email().filter(email -> !email.isBlank()).isEmpty()) {
            return Answer.refused(SelfServiceReason.EMAIL_MISMATCH);
        }
        if (requireVerified && !proof.emailVerified().orElse(false)) {
            return Answer.refused(SelfServiceReason.EMAIL_NOT_VERIFIED);
        }
        return new ReadAccount(proof, signIn.username());
    }

    /**
     * A proof older than {@link SelfServicePolicy#maxAuthAge()} is stale: a session refreshed for days keeps its first
     * {@code auth_time}, so it cannot link. A time beyond our clock plus the skew is no time at all.
     */
    private Optional<SelfServiceReason> age(Optional<Instant> authenticatedAt, Instant now) {
        if (authenticatedAt.isEmpty()) {
            return Optional.of(SelfServiceReason.STALE_SIGN_IN);
        }
        Instant at = authenticatedAt.get();
        if (at.isAfter(now.plus(selfService.clockSkew()))) {
            return Optional.of(SelfServiceReason.INVALID_TOKEN);
        }
        Duration age = Duration.between(at, now);
        return age.compareTo(selfService.maxAuthAge()) > 0 ? Optional.of(SelfServiceReason.STALE_SIGN_IN)
                : Optional.empty();
    }

    /**
     * The native user as Cognito shows it now: still the person's confirmed, enabled account with the verified email
     * the IdP token carries, and nothing the trigger's owner rules forbid. {@code account} is empty when the user no
     * longer exists.
     */
    public SelfServiceStep afterRead(ReadAccount read, Optional<NativeAccount> account) {
        if (account.isEmpty()) {
            return Answer.refused(SelfServiceReason.CANDIDATE_NOT_QUALIFIED);
        }
        NativeAccount owner = account.get();
        String username = owner.username();
        if (Candidate.EXTERNAL_PROVIDER.equals(owner.status())) {
            return new Answer(Outcome.REFUSED, SelfServiceReason.NOT_A_NATIVE_SIGN_IN, username);
        }
        if (!Candidate.CONFIRMED.equals(owner.status()) || !owner.enabled() || !owner.emailVerified()
                || owner.email() == null || !owner.unlinkedReadable()) {
            return new Answer(Outcome.REFUSED, SelfServiceReason.CANDIDATE_NOT_QUALIFIED, username);
        }
        // The same address as the trigger compares it: after a link every IdP sign-in writes its mapped email onto
        // this user (docs/cognito-facts.md#attribute-overwrite), so another address would replace the account's own.
        String idpEmail = read.proof().email().orElse("");
        if (!EmailKey.of(idpEmail).equals(EmailKey.of(owner.email()))) {
            return new Answer(Outcome.REFUSED, SelfServiceReason.EMAIL_MISMATCH, username);
        }
        FederatedIdentity identity = read.proof().identity();
        Optional<Reason> conflict = shared.ownerConflict(identity, owner.identities(), owner.unlinked());
        if (conflict.isPresent()) {
            return switch (conflict.get()) {
                case ALREADY_LINKED -> new Answer(Outcome.ALREADY_LINKED, SelfServiceReason.ALREADY_LINKED, username);
                case UNLINKED_BY_OPERATOR ->
                        new Answer(Outcome.REFUSED, SelfServiceReason.UNLINKED_BY_OPERATOR, username);
                case PROVIDER_ALREADY_LINKED ->
                        new Answer(Outcome.REFUSED, SelfServiceReason.PROVIDER_ALREADY_LINKED, username);
                default -> new Answer(Outcome.REFUSED, SelfServiceReason.LINK_LIMIT_REACHED, username);
            };
        }
        return new CheckProfile(identity, username);
    }

    /**
     * An identity that already signed in on its own has a federated profile, and Cognito cannot merge it into another
     * user (docs/cognito-facts.md#no-merge). Deleting that profile here would lose whatever it holds, so the person is
     * sent to support, whose {@code reconcile} moves it deliberately.
     */
    public SelfServiceStep afterProfileCheck(CheckProfile check, boolean profileExists) {
        if (profileExists) {
            return new Answer(Outcome.REFUSED, SelfServiceReason.IDENTITY_HAS_PROFILE, check.username());
        }
        if (policy.dryRun()) {
            return new Answer(Outcome.CONTINUED, SelfServiceReason.DRY_RUN, check.username());
        }
        return new Link(check.identity(), check.username());
    }

    /** The end of the link call. */
    public Answer afterLink(Link link, LinkResult result) {
        return switch (result) {
            case LINKED -> new Answer(Outcome.LINKED, SelfServiceReason.LINKED, link.username());
            case ALREADY_LINKED -> new Answer(Outcome.ALREADY_LINKED, SelfServiceReason.ALREADY_LINKED, link.username());
            case LIMIT_EXCEEDED -> new Answer(Outcome.REFUSED, SelfServiceReason.LINK_LIMIT_REACHED, link.username());
        };
    }

    /** Cognito refused the link itself although every rule allowed it (the identity belongs to someone else). */
    public Answer linkRefused(Link link) {
        return new Answer(Outcome.REFUSED, SelfServiceReason.LINK_REFUSED, link.username());
    }
}
