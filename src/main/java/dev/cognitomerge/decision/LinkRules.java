package dev.cognitomerge.decision;

import dev.cognitomerge.decision.Step.CheckNativeSignUp;
import dev.cognitomerge.decision.Step.Complete;
import dev.cognitomerge.decision.Step.CreateAndLink;
import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
    private final AccountPolicy accounts;
    private final TrustPolicy trust;

    /** Rules with the default account and trust settings ({@link AccountPolicy#DEFAULTS}, {@link TrustPolicy#DEFAULTS}). */
    public LinkRules(LinkPolicy policy) {
        this(policy, AccountPolicy.DEFAULTS, TrustPolicy.DEFAULTS);
    }

    public LinkRules(LinkPolicy policy, AccountPolicy accounts) {
        this(policy, accounts, TrustPolicy.DEFAULTS);
    }

    public LinkRules(LinkPolicy policy, TrustPolicy trust) {
        this(policy, AccountPolicy.DEFAULTS, trust);
    }

    public LinkRules(LinkPolicy policy, AccountPolicy accounts, TrustPolicy trust) {
        this.policy = policy;
        this.accounts = accounts;
        this.trust = trust;
    }

    /**
     * Whether the configured provider {@code providerName} must assert {@code email_verified=true} (its own setting,
     * else the global one). A provider that need not can never create a user with create-and-link.
     */
    public boolean verifiesEmail(String providerName) {
        return trust.providerTrust(providerName).map(ProviderTrust::requireVerifiedEmail)
                .orElse(policy.requireVerifiedEmail());
    }

    /** Everything that can be decided from the event alone. A {@link Search} means: look the email up. */
    public Step triage(SignUpAttempt attempt) {
        if (SignUpAttempt.SIGN_UP.equals(attempt.triggerSource()) && accounts.guardsNativeSignUp()) {
            return checkNativeSignUp(attempt);
        }
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
        boolean idpVerified = isTrue(attempt.attribute("email_verified"));
        if (providerTrust.requireVerifiedEmail() && !idpVerified) {
            return continued(Reason.EMAIL_NOT_VERIFIED);
        }
        if (!looksLikeEmail(email.get())) {
            return continued(Reason.EMAIL_INVALID);
        }
        // The key has the same length and escapes as the email, so one check covers both searches.
        if (EmailFilter.emailEquals(email.get()).isEmpty()) {
            return continued(Reason.EMAIL_TOO_LONG);
        }
        // Only an address this event's IdP asserted verified, from a provider whose verification counts, may become
        // a native user with email_verified=true: otherwise create-and-link would hand whoever typed the address a
        // verified account under it (pre-hijacking). A provider whose verification is off may still link.
        return new Search(new FederatedIdentity(provider.get(), subject), email.get(),
                providerTrust.requireVerifiedEmail() && idpVerified);
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
        if (accounts.createsAndLinks()) {
            Optional<Step> created = chooseWithoutOwner(search, emailKey, natives, candidates);
            if (created.isPresent()) {
                return created.get();
            }
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
        // An operator undid this link: never redo it automatically. Continuing lets Cognito create the identity's own
        // profile, as the README's Undo promises; only the operator's link brings the two together again.
        if (owner.unlinkedByOperator(identity)) {
            return new Verdict(Outcome.CONTINUED, Reason.UNLINKED_BY_OPERATOR, owner.username());
        }
        // A disabled owner must not get a fresh, enabled account by signing in through the IdP.
        if (!owner.enabled()) {
            return new Verdict(Outcome.REFUSED, Reason.CANDIDATE_DISABLED, owner.username());
        }
        Optional<Reason> conflict = ownerConflict(identity, owner.identities(), owner.unlinked());
        if (conflict.isPresent()) {
            Outcome outcome = switch (conflict.get()) {
                case ALREADY_LINKED -> Outcome.ALREADY_LINKED;
                // Cognito then creates the separate federated profile the operator's unlink promised.
                case UNLINKED_BY_OPERATOR -> Outcome.CONTINUED;
                default -> Outcome.REFUSED;
            };
            return new Verdict(outcome, conflict.get(), owner.username());
        }
        if (trust.protectedAccounts() != ProtectionMode.OFF) {
            return new Inspect(identity, owner.username(), trust.protectedAccounts().readsGroups());
        }
        return linkOrDryRun(identity, owner.username());
    }

    /**
     * The rules any link of {@code identity} to an owner holding {@code linked} obeys, whichever path asks (the
     * trigger, self-service): {@link Reason#ALREADY_LINKED} when the owner holds this very identity (provider name
     * compared case-insensitively, subject exactly); {@link Reason#UNLINKED_BY_OPERATOR} when an operator unlinked it
     * from this owner ({@code unlinked}, the owner's {@code custom:merge_unlinked}); {@link Reason#PROVIDER_ALREADY_LINKED}
     * when the owner holds another identity of this provider and {@code merge.on-second-identity} is refuse;
     * {@link Reason#LINK_LIMIT_REACHED} at Cognito's limit of linked identities. Empty: none of them stops the link.
     */
    public Optional<Reason> ownerConflict(FederatedIdentity identity, List<LinkedIdentity> linked,
            List<LinkedIdentity> unlinked) {
        if (linked.stream().anyMatch(entry -> sameIdentity(identity, entry))) {
            return Optional.of(Reason.ALREADY_LINKED);
        }
        // An unreadable record lists every identity (Candidate#UNREADABLE_RECORD): an unlink must stick.
        if (unlinked.stream().anyMatch(entry -> entry.equals(Candidate.UNREADABLE_RECORD) || sameIdentity(identity, entry))) {
            return Optional.of(Reason.UNLINKED_BY_OPERATOR);
        }
        boolean holdsAnotherOfThisProvider = linked.stream()
                .anyMatch(entry -> identity.providerName().equalsIgnoreCase(entry.providerName()));
        if (holdsAnotherOfThisProvider && trust.onSecondIdentity() == SecondIdentityAction.REFUSE) {
            return Optional.of(Reason.PROVIDER_ALREADY_LINKED);
        }
        // Continuing would create a second account that Cognito can never merge into this one.
        if (linked.size() >= MAX_LINKED_IDENTITIES) {
            return Optional.of(Reason.LINK_LIMIT_REACHED);
        }
        return Optional.empty();
    }

    private static boolean sameIdentity(FederatedIdentity identity, LinkedIdentity entry) {
        return identity.providerName().equalsIgnoreCase(entry.providerName())
                && identity.subject().equals(entry.userId());
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
        if (inspect.completes()) {
            return completeOrDryRun(inspect.identity(), inspect.ownerUsername());
        }
        return linkOrDryRun(inspect.identity(), inspect.ownerUsername());
    }

    private Step completeOrDryRun(FederatedIdentity identity, String username) {
        if (policy.dryRun()) {
            return new Verdict(Outcome.CONTINUED, Reason.DRY_RUN, username);
        }
        return new Complete(identity, username, false);
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

    /**
     * {@code merge.when-no-native-user = create-and-link} and no native user owns the email. Empty: the rules
     * of {@code continue} apply (a native user that is not ours, unconfirmed or unverified, keeps today's
     * answer: this setting never takes over someone else's account).
     */
    private Optional<Step> chooseWithoutOwner(Search search, String emailKey, List<Candidate> natives,
            List<Candidate> candidates) {
        if (!search.createAllowed()) {
            // Nor completed: completing sets a password and links, a link to an account nobody proved.
            return natives.isEmpty() && !heldByFederatedUser(emailKey, candidates)
                    ? Optional.of(continued(Reason.UNVERIFIED_NOT_CREATED))
                    : Optional.empty();
        }
        if (natives.size() == 1 && isHalfDoneCreate(natives.get(0), search.identity())) {
            Candidate ours = natives.get(0);
            if (ours.unlinkedByOperator(search.identity())) {
                return Optional.of(new Verdict(Outcome.CONTINUED, Reason.UNLINKED_BY_OPERATOR, ours.username()));
            }
            // The same protection as any link: an operator may have put the half-done user in a protected group (or
            // registered MFA) since it was created, and completing it hands it to the IdP like any other link.
            if (trust.protectedAccounts() != ProtectionMode.OFF) {
                return Optional.of(new Inspect(search.identity(), ours.username(),
                        trust.protectedAccounts().readsGroups(), true));
            }
            return Optional.of(completeOrDryRun(search.identity(), ours.username()));
        }
        if (!natives.isEmpty()) {
            return Optional.empty();
        }
        // A federated-only user of another provider (or of this one, re-delivered) holds the email: creating
        // would make a second account beside it, and linking into it is impossible (no merge API). The
        // reconcile work, not a silent third account (docs/cognito-facts.md#no-merge).
        if (heldByFederatedUser(emailKey, candidates)) {
            return Optional.of(continued(Reason.FEDERATED_USER_EXISTS));
        }
        if (policy.dryRun()) {
            return Optional.of(Verdict.of(Outcome.CONTINUED, Reason.WOULD_CREATE));
        }
        return Optional.of(new CreateAndLink(search.identity(), search.email(), generatedUsername(emailKey)));
    }

    private static boolean heldByFederatedUser(String emailKey, List<Candidate> candidates) {
        return candidates.stream()
                .anyMatch(candidate -> candidate.isFederated() && candidate.email() != null
                        && EmailKey.of(candidate.email()).equals(emailKey));
    }

    /**
     * A user this function created for {@code identity} whose invocation stopped before the password was set:
     * FORCE_CHANGE_PASSWORD, enabled, email verified, no identity linked yet, and {@code custom:merge_created} naming
     * this very identity. The marker cannot be forged by a sign-up: FORCE_CHANGE_PASSWORD is made only by
     * AdminCreateUser (IAM-authorised; a self sign-up is UNCONFIRMED or CONFIRMED whatever attributes it sets), no
     * app client may write the attribute, and no provider mapping may target it (docs/cognito-facts.md#created-marker).
     * Anyone else's pending user (an operator's invitation, another identity's half-done create) is a candidate like
     * any other: not confirmed, so never linked (docs/cognito-facts.md#force-change-password-no-reset).
     */
    static boolean isHalfDoneCreate(Candidate candidate, FederatedIdentity identity) {
        return Candidate.FORCE_CHANGE_PASSWORD.equals(candidate.status()) && candidate.enabled()
                && candidate.emailVerified() && candidate.identities().isEmpty()
                && candidate.createdBy() != null && candidate.createdBy().names(identity);
    }

    /**
     * The username of the native user created for {@code emailKey} in pools that take a username: the same for
     * every invocation, so two first sign-ins of one email at once collide on it (UsernameExistsException) and
     * only one native user can exist (docs/cognito-facts.md#admin-create-user-username).
     */
    static String generatedUsername(String emailKey) {
        return UUID.nameUUIDFromBytes(("cognito-oidc-merge/" + emailKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The attributes of the native user {@code create} makes: the email as the IdP sent it, {@code email_verified}
     * only as the event asserted it (this step exists only when the IdP asserted {@code true}; nothing here can make
     * an address verified that the IdP did not), {@link PoolShape#CREATED_MARKER} naming the identity, and the
     * configured copies the event carries.
     */
    public Map<String, String> createAttributes(SignUpAttempt attempt, CreateAndLink create) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attempt.attribute("email").ifPresent(email -> attributes.put("email", email));
        if (isTrue(attempt.attribute("email_verified"))) {
            attributes.put("email_verified", "true");
        }
        attributes.put(PoolShape.CREATED_MARKER, identityJson(create.identity()));
        for (String name : accounts.copyAttributes()) {
            attempt.attribute(name).ifPresent(value -> attributes.putIfAbsent(name, value));
        }
        return attributes;
    }

    /** {@code {"providerName":...,"userId":...}}, the shape of one {@code identities} entry, so one parser reads both. */
    static String identityJson(FederatedIdentity identity) {
        return "{\"providerName\":" + jsonString(identity.providerName()) + ",\"userId\":"
                + jsonString(identity.subject()) + "}";
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /**
     * Before the first create: the pool's shape decides the username (the email itself in pools whose usernames
     * are emails, docs/cognito-facts.md#admin-create-user-username) and whether the pool can take the user at all.
     */
    public Step beforeCreate(CreateAndLink create, PoolShape shape) {
        if (shape.cannotCreate().isPresent()) {
            return Verdict.of(Outcome.REFUSED, Reason.CREATE_NOT_CONFIGURED);
        }
        return shape.usernameIsEmail()
                ? new CreateAndLink(create.identity(), create.email(), create.email(), true)
                : create;
    }

    /**
     * The name of last resort, when someone else holds {@link #generatedUsername}: anyone can compute that name
     * from an email and sign up with it (in pools that take a username), which would otherwise make every
     * create for this email collide. This one also needs the IdP subject, which a squatter does not know, and is
     * still the same for two first sign-ins of one identity (a double click), so those still collide.
     */
    static String fallbackUsername(String emailKey, FederatedIdentity identity) {
        return UUID.nameUUIDFromBytes(("cognito-oidc-merge/" + emailKey + "/" + identity.providerName() + "/"
                + identity.subject()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The end of AdminCreateUser: complete the new user, or refuse so that the retry finds the winner's. */
    public Step afterCreate(CreateAndLink create, CreateResult result) {
        if (result.created()) {
            return new Complete(create.identity(), result.username(), true);
        }
        String emailKey = EmailKey.of(create.email());
        Candidate holder = result.holder();
        boolean squatted = holder != null
                && (holder.email() == null || !EmailKey.of(holder.email()).equals(emailKey));
        if (squatted && !create.emailIsUsername() && create.username().equals(generatedUsername(emailKey))) {
            return new CreateAndLink(create.identity(), create.email(), fallbackUsername(emailKey, create.identity()));
        }
        // Another invocation created the user a moment ago (two first sign-ins at once). Continuing would
        // make a federated-only user beside it; the retry finds it and links.
        return Verdict.of(Outcome.REFUSED, Reason.CREATE_CONFLICT);
    }

    /** The end of the link that completes a created (or half-done) user. */
    public Verdict afterCompletedLink(Complete complete, LinkResult result) {
        return switch (result) {
            case LINKED -> new Verdict(Outcome.LINKED,
                    complete.created() ? Reason.CREATED_AND_LINKED : Reason.RESUMED_AND_LINKED,
                    complete.destinationUsername());
            case ALREADY_LINKED -> new Verdict(Outcome.ALREADY_LINKED, Reason.ALREADY_LINKED,
                    complete.destinationUsername());
            case LIMIT_EXCEEDED -> new Verdict(Outcome.REFUSED, Reason.LINK_LIMIT_REACHED,
                    complete.destinationUsername());
        };
    }

    /**
     * Cognito failed while creating, setting the password or linking. Always a refusal, whatever
     * merge.on-lookup-failed says: continuing would let Cognito create the federated-only user beside the one
     * just created. The retry finds the half-done user and completes it.
     */
    public Verdict createFailed() {
        return Verdict.of(Outcome.REFUSED, Reason.CREATE_FAILED);
    }

    /**
     * Cognito failed while a federated sign-in was searched or linked. With create-and-link always a refusal,
     * whatever merge.on-lookup-failed says: the event may be the retry of one whose user this function already
     * created, and continuing would let Cognito create the federated-only user beside it.
     */
    public Verdict federatedLookupFailed() {
        return accounts.createsAndLinks() ? Verdict.of(Outcome.REFUSED, Reason.LOOKUP_FAILED) : lookupFailed();
    }

    /** A native sign-up with the guard on: search the email, unless the event cannot name one. */
    private Step checkNativeSignUp(SignUpAttempt attempt) {
        if (attempt.userPoolId() == null || attempt.userPoolId().isBlank()) {
            return continued(Reason.POOL_ID_MISSING);
        }
        // Stripped: " jane@example.com" would otherwise be searched as another address and slip past the guard.
        // Here a wider match is the safe side (a refused sign-up), unlike linking, which never trims.
        Optional<String> email = attempt.attribute("email").map(String::strip);
        if (email.isEmpty()) {
            return continued(Reason.EMAIL_MISSING);
        }
        if (!looksLikeEmail(email.get())) {
            return continued(Reason.EMAIL_INVALID);
        }
        if (EmailFilter.emailEquals(email.get()).isEmpty()) {
            return continued(Reason.EMAIL_TOO_LONG);
        }
        return new CheckNativeSignUp(email.get());
    }

    /**
     * The guard's answer: refuse when a federated-only user holds the email (as {@link EmailKey} compares) with
     * {@code email_verified = true}. A federated profile whose IdP never verified the address proves nothing: counting
     * it would let anyone who can type an address at some IdP lock its real owner out of native sign-up (squatting).
     */
    public Verdict guard(CheckNativeSignUp check, List<Candidate> candidates) {
        String emailKey = EmailKey.of(check.email());
        boolean federatedHolder = candidates.stream()
                .anyMatch(candidate -> candidate.isFederated() && candidate.emailVerified() && candidate.email() != null
                        && EmailKey.of(candidate.email()).equals(emailKey));
        return federatedHolder
                ? Verdict.of(Outcome.REFUSED, Reason.FEDERATED_ACCOUNT_EXISTS)
                : continued(Reason.NATIVE_SIGN_UP_ALLOWED);
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
