package dev.cognitomerge.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.decision.Candidate;
import dev.cognitomerge.decision.CreateResult;
import dev.cognitomerge.decision.EmailKey;
import dev.cognitomerge.decision.FederatedIdentity;
import dev.cognitomerge.decision.LinkResult;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.NativeAccount;
import dev.cognitomerge.decision.OwnerProtection;
import dev.cognitomerge.decision.PoolShape;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListGroupsForUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The one class that talks to Cognito. It turns SDK answers into the decision's plain records and SDK
 * failures into {@link CognitoUnavailableException} right at the call, and gives every call only the
 * time left before the invocation's {@link Deadline}.
 */
@ApplicationScoped
public class UserDirectory {

    /** ListUsers returns at most 60 users a page (docs/cognito-facts.md#list-users-paging). */
    static final int PAGE_SIZE = 60;
    /** An exact email match has a handful of users; a token that keeps coming is a fault, not data. */
    static final int MAX_PAGES = 5;
    /** One hung attempt must leave time for a retry inside Cognito's 5 s. */
    static final Duration MAX_ATTEMPT_TIME = Duration.ofMillis(1500);
    /** Below this there is no point starting a call: it could not finish. */
    static final Duration MIN_CALL_TIME = Duration.ofMillis(50);
    /**
     * Attempts of one operation that Cognito throttles (TooManyRequestsException), retried here rather than in the
     * SDK so that every wait is full-jittered, counted, and taken only while the budget allows it
     * (docs/capacity.md, "Throttling").
     */
    static final int THROTTLED_ATTEMPTS = 3;
    /** Full jitter: before the n-th retry wait a uniform time in [0, min(cap, base * 2^(n-1))]. */
    static final Duration THROTTLE_BACKOFF_BASE = Duration.ofMillis(100);
    static final Duration THROTTLE_BACKOFF_CAP = Duration.ofMillis(1000);
    /** A throttled operation is retried only when, after the wait, this much of the budget is still left. */
    static final Duration MIN_RETRY_TIME = Duration.ofMillis(500);

    private final CognitoIdentityProviderClient cognito;
    private final ObjectMapper json;

    public UserDirectory(CognitoIdentityProviderClient cognito, ObjectMapper json) {
        this.cognito = cognito;
        this.json = json;
    }

    /**
     * Users whose email equals {@code email} in any A-Z case, as far as ListUsers can find them. The developer
     * guide says searches are case-insensitive, but we do not rely on it either way
     * (docs/cognito-facts.md#search-case); the decision compares emails as {@link EmailKey} does. So when the
     * email has upper-case letters A-Z the lower-cased value is searched too, and both results are merged: in a
     * case-sensitive search, {@code Jane@} and {@code jane@} are found only by their own spelling, and two
     * native owners of one address must both reach the decision to be seen as ambiguous
     * (docs/cognito-facts.md#case-variant-owners). The second search is skipped only when the first already
     * answered a user whose email differs from the searched value in case: then the search is evidently
     * case-insensitive and has returned every case variant. Federated-only users are kept: create-and-link must
     * see one of another provider so as never to create a third account beside it.
     */
    public List<Candidate> findByEmail(String userPoolId, String email, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        List<Candidate> found = listByEmail(userPoolId, email, deadline, counter);
        String lowerCased = EmailKey.of(email);
        boolean searchIgnoredCase = found.stream()
                .anyMatch(candidate -> candidate.email() != null && !candidate.email().equals(email)
                        && EmailKey.of(candidate.email()).equals(lowerCased));
        if (lowerCased.equals(email) || searchIgnoredCase) {
            return found;
        }
        return union(found, listByEmail(userPoolId, lowerCased, deadline, counter));
    }

    private List<Candidate> listByEmail(String userPoolId, String email, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        String filter = ListUsersFilter.emailEquals(email)
                .orElseThrow(() -> new IllegalArgumentException("email filter too long; the decision checks this first"));
        List<Candidate> candidates = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String pageToken = token;
            ListUsersResponse response = call(counter, deadline, "list-users", timeouts -> cognito.listUsers(request -> request
                    .userPoolId(userPoolId)
                    .filter(filter)
                    .limit(PAGE_SIZE)
                    .paginationToken(pageToken)
                    .overrideConfiguration(timeouts)));
            for (UserType user : response.users()) {
                candidates.add(toCandidate(user));
            }
            token = response.paginationToken();
            if (token == null || token.isEmpty()) {
                return candidates;
            }
        }
        throw new CognitoUnavailableException("list-users-pagination-unbounded", null);
    }

    /**
     * How {@code username} is protected. MFA counts as registered when AdminGetUser shows any enabled method
     * ({@code UserMFASettingList}), a preferred one ({@code PreferredMfaSetting}) or a legacy SMS option
     * ({@code MFAOptions}): any one is enough, because each can be missing while MFA is in use
     * (docs/cognito-facts.md#mfa-state-in-admin-get-user). Groups are read only when {@code groups}, page by
     * page within the same bounds as ListUsers (docs/cognito-facts.md#list-groups-for-user), and only when MFA
     * did not already protect the owner.
     */
    public OwnerProtection protection(String userPoolId, String username, boolean groups, Deadline deadline,
            CallCounter counter) throws CognitoUnavailableException {
        AdminGetUserResponse user = call(counter, deadline, "get-user", timeouts -> cognito.adminGetUser(request -> request
                .userPoolId(userPoolId)
                .username(username)
                .overrideConfiguration(timeouts)));
        boolean mfa = MfaState.registered(user);
        // An owner with MFA is protected in every mode that reads groups: their names would change nothing.
        if (!groups || mfa) {
            return new OwnerProtection(mfa, List.of());
        }
        return new OwnerProtection(mfa, groupsOf(userPoolId, username, deadline, counter));
    }

    private List<String> groupsOf(String userPoolId, String username, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        List<String> names = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String pageToken = token;
            AdminListGroupsForUserResponse response = call(counter, deadline, "list-groups",
                    timeouts -> cognito.adminListGroupsForUser(request -> request
                            .userPoolId(userPoolId)
                            .username(username)
                            .limit(PAGE_SIZE)
                            .nextToken(pageToken)
                            .overrideConfiguration(timeouts)));
            for (GroupType group : response.groups()) {
                names.add(group.groupName());
            }
            token = response.nextToken();
            if (token == null || token.isEmpty()) {
                return names;
            }
        }
        throw new CognitoUnavailableException("list-groups-pagination-unbounded", null);
    }

    /** Links {@code identity} to the native user {@code destinationUsername}. */
    public LinkResult link(String userPoolId, FederatedIdentity identity, String destinationUsername,
            Deadline deadline, CallCounter counter) throws CognitoUnavailableException {
        return link(userPoolId, identity, destinationUsername, deadline, counter, this::holds);
    }

    /** How a refused link reads the destination's identities again: each function reads with a call its role has. */
    @FunctionalInterface
    private interface ReadBack {
        boolean holds(String userPoolId, String username, FederatedIdentity identity, Deadline deadline,
                CallCounter counter) throws CognitoUnavailableException;
    }

    private LinkResult link(String userPoolId, FederatedIdentity identity, String destinationUsername,
            Deadline deadline, CallCounter counter, ReadBack readBack) throws CognitoUnavailableException {
        try {
            call(counter, deadline, "link", timeouts -> cognito.adminLinkProviderForUser(request -> request
                    .userPoolId(userPoolId)
                    .destinationUser(ProviderUserIdentifierType.builder()
                            .providerName("Cognito")
                            .providerAttributeValue(destinationUsername)
                            .build())
                    .sourceUser(ProviderUserIdentifierType.builder()
                            .providerName(identity.providerName())
                            .providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(identity.subject())
                            .build())
                    .overrideConfiguration(timeouts)));
            return LinkResult.LINKED;
        } catch (CognitoUnavailableException failure) {
            Throwable cause = failure.getCause();
            if (cause instanceof LimitExceededException) {
                return LinkResult.LIMIT_EXCEEDED;
            }
            // A re-delivered event whose first attempt already linked answers InvalidParameterException, whose
            // message has changed over time (docs/cognito-facts.md#already-linked); so do a merge attempt and a bad
            // source. The user's identities attribute tells which it is, whatever the wording: read it again.
            if (cause instanceof InvalidParameterException
                    && readBack.holds(userPoolId, destinationUsername, identity, deadline, counter)) {
                return LinkResult.ALREADY_LINKED;
            }
            throw failure;
        }
    }

    /**
     * Whether the user named exactly {@code username} has {@code identity} in its identities attribute. ListUsers by
     * username rather than AdminGetUser: ListUsers is the one read every mode of the function may call. A username
     * whose filter would not fit counts as "no" (the caller then refuses, and the next attempt decides again).
     */
    private boolean holds(String userPoolId, String username, FederatedIdentity identity, Deadline deadline,
            CallCounter counter) throws CognitoUnavailableException {
        Optional<String> filter = usernameFilter(username);
        if (filter.isEmpty()) {
            return false;
        }
        ListUsersResponse response = call(counter, deadline, "list-users", timeouts -> cognito.listUsers(request -> request
                .userPoolId(userPoolId)
                .filter(filter.get())
                .limit(PAGE_SIZE)
                .overrideConfiguration(timeouts)));
        return response.users().stream()
                .filter(user -> username.equals(user.username()))
                .map(this::toCandidate)
                .anyMatch(user -> user.identities().stream().anyMatch(linked -> linked.names(identity)));
    }

    /** Whether the native user {@code username} (AdminGetUser) has {@code identity} in its identities attribute. */
    private boolean accountHolds(String userPoolId, String username, FederatedIdentity identity, Deadline deadline,
            CallCounter counter) throws CognitoUnavailableException {
        return account(userPoolId, username, deadline, counter)
                .map(account -> account.identities().stream().anyMatch(linked -> linked.names(identity)))
                .orElse(false);
    }

    /** {@code username = "<escaped>"}, or empty past ListUsers' 256 characters (docs/cognito-facts.md#list-users-filter). */
    static Optional<String> usernameFilter(String username) {
        String filter = "username = \"" + username.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return filter.length() <= ListUsersFilter.MAX_LENGTH ? Optional.of(filter) : Optional.empty();
    }

    private <T> T call(CallCounter counter, Deadline deadline, String operation, SdkCall<T> sdkCall)
            throws CognitoUnavailableException {
        for (int attempt = 1; ; attempt++) {
            Duration left = deadline.remaining();
            if (left.compareTo(MIN_CALL_TIME) < 0) {
                throw new CognitoUnavailableException(operation + "-no-time-left", null);
            }
            if (attempt == 1) {
                counter.add();
            }
            try {
                // The timeouts come from the time checked just above. Read again inside the request builder,
                // the deadline could pass in between (a GC pause, a slow first use of the client), and the SDK
                // rejects a zero apiCallTimeout with an IllegalArgumentException: an internal error, not a timeout.
                return sdkCall.run(timeouts(left));
            } catch (SdkException e) {
                if (!isThrottling(e)) {
                    throw new CognitoUnavailableException(operation + "-" + describe(e), e);
                }
                counter.throttled();
                Duration wait = throttleBackoff(attempt);
                // Cognito's quotas are per account and shared (docs/cognito-facts.md#request-rate-quotas): past the
                // attempts, or when the wait would leave too little of the budget, refuse now with the retriable
                // sentence instead of holding the instance (and a Lambda concurrency slot) to the deadline.
                if (attempt >= THROTTLED_ATTEMPTS
                        || deadline.remaining().minus(wait).compareTo(MIN_RETRY_TIME) < 0) {
                    throw new CognitoUnavailableException(operation + "-" + describe(e), e);
                }
                sleep(wait, operation, e);
            }
        }
    }

    /** TooManyRequestsException, by its error code or HTTP 429: Cognito's answer past a request-rate quota. */
    static boolean isThrottling(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return "TooManyRequestsException".equals(code) || service.statusCode() == 429;
        }
        return false;
    }

    /** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base * 2^(n-1))]. */
    static Duration throttleBackoff(int attempt) {
        long ceiling = Math.min(THROTTLE_BACKOFF_CAP.toMillis(),
                THROTTLE_BACKOFF_BASE.toMillis() << Math.min(attempt - 1, 10));
        return Duration.ofMillis(java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static void sleep(Duration wait, String operation, SdkException cause) throws CognitoUnavailableException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CognitoUnavailableException(operation + "-" + describe(cause), cause);
        }
    }

    private static AwsRequestOverrideConfiguration timeouts(Duration total) {
        Duration attempt = total.compareTo(MAX_ATTEMPT_TIME) < 0 ? total : MAX_ATTEMPT_TIME;
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(total)
                .apiCallAttemptTimeout(attempt)
                .build();
    }

    /**
     * A short, secret-free name of the failure for the audit record. Client-side failures are told apart
     * by their cause, so an operator can see whether Cognito was unreachable (endpoint, VPC route), dropped
     * the connection, or answered something unreadable.
     */
    private static String describe(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return code != null && !code.isBlank() ? code : "http-" + service.statusCode();
        }
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
            return "timeout";
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "connection-refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown-host";
            }
            if (cause instanceof java.net.SocketTimeoutException) {
                return "timeout";
            }
            // The SDK parses answers with its own shaded Jackson, whose exceptions we cannot import.
            if (cause.getClass().getName().contains(".jackson.")) {
                return "malformed-response";
            }
            if (cause instanceof IOException) {
                return "connection-lost";
            }
        }
        return "client-error";
    }

    /**
     * ListUsers returns every attribute of each user, custom ones included, when AttributesToGet is not given
     * (docs/cognito-facts.md#list-users-custom-attributes): the function's own records cost no extra call.
     */
    private Candidate toCandidate(UserType user) {
        String email = null;
        boolean emailVerified = false;
        List<LinkedIdentity> identities = List.of();
        LinkedIdentity createdBy = null;
        List<LinkedIdentity> unlinked = List.of();
        for (AttributeType attribute : user.attributes()) {
            switch (attribute.name()) {
                case "email" -> email = attribute.value();
                case "email_verified" -> emailVerified = "true".equalsIgnoreCase(attribute.value());
                case "identities" -> identities = parseIdentities(attribute.value());
                case PoolShape.CREATED_MARKER -> createdBy = parseIdentity(attribute.value());
                case PoolShape.UNLINKED_RECORD -> unlinked = parseUnlinkedRecord(attribute.value());
                default -> {
                }
            }
        }
        String status = user.userStatusAsString();
        return new Candidate(user.username(), status, Boolean.TRUE.equals(user.enabled()), email, emailVerified,
                identities, createdBy, unlinked);
    }

    /**
     * One {@code {"providerName":...,"userId":...}} object, or null when the value is not one. Null means "not
     * created by this identity": the half-done user is then never completed, the safe side.
     */
    LinkedIdentity parseIdentity(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            JsonNode object = json.readTree(value);
            if (object == null || !object.isObject() || !object.path("providerName").isTextual()
                    || !object.path("userId").isTextual()) {
                return null;
            }
            return new LinkedIdentity(object.path("providerName").asText(), object.path("userId").asText());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code custom:merge_unlinked} for the trigger's decision: a value that {@link #parseIdentityList} cannot read is
     * {@link Candidate#UNREADABLE_RECORD}, which keeps every identity away from the user: an unlink we cannot read must
     * still stick (the operator's reconcile and the self-service endpoint read it the same way).
     */
    List<LinkedIdentity> parseUnlinkedRecord(String value) {
        return parseIdentityList(value).orElse(List.of(Candidate.UNREADABLE_RECORD));
    }

    /**
     * The {@code identities} attribute is a JSON array of {userId, providerName, ...}. An unreadable value counts as
     * no identities: the link call itself then tells us if the identity is already there.
     */
    List<LinkedIdentity> parseIdentities(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            JsonNode array = json.readTree(value);
            if (array == null || !array.isArray()) {
                return List.of();
            }
            List<LinkedIdentity> identities = new ArrayList<>();
            for (JsonNode identity : array) {
                Optional.ofNullable(identity.get("providerName")).filter(JsonNode::isTextual)
                        .ifPresent(provider -> identities.add(new LinkedIdentity(provider.asText(),
                                identity.path("userId").asText(""))));
            }
            return identities;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * For the native sign-up guard: the users holding {@code email}, searched exactly and, only when that found
     * no federated-only user with this email and the email has upper-case letters, lower-cased. One call for
     * the usual lower-case email (docs/cognito-facts.md#search-case).
     */
    public List<Candidate> findForSignUpGuard(String userPoolId, String email, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        List<Candidate> found = listByEmail(userPoolId, email, deadline, counter);
        String lowerCased = EmailKey.of(email);
        boolean federatedFound = found.stream().anyMatch(candidate -> candidate.isFederated()
                && candidate.emailVerified() && candidate.email() != null
                && EmailKey.of(candidate.email()).equals(lowerCased));
        if (!federatedFound && !lowerCased.equals(email)) {
            return union(found, listByEmail(userPoolId, lowerCased, deadline, counter));
        }
        return found;
    }

    private static List<Candidate> union(List<Candidate> first, List<Candidate> second) {
        Map<String, Candidate> byUsername = new LinkedHashMap<>();
        first.forEach(candidate -> byUsername.put(candidate.username(), candidate));
        second.forEach(candidate -> byUsername.putIfAbsent(candidate.username(), candidate));
        return List.copyOf(byUsername.values());
    }

    /**
     * Each pool's shape, read once per instance: UsernameAttributes cannot change after a pool is created. Kept only
     * when create-and-link can use the pool; a pool missing {@code custom:merge_created} is asked again at the next
     * create, so adding the attribute takes effect without a redeploy.
     */
    private final Map<String, PoolShape> poolShapes = new ConcurrentHashMap<>();

    /** Forgets what {@link #poolShape} learnt about pools (tests reuse one pool id with several shapes). */
    public void forgetUsernameShapes() {
        poolShapes.clear();
    }

    /**
     * What create-and-link needs to know about the pool (DescribeUserPool: UsernameAttributes and the custom
     * attributes of SchemaAttributes, docs/cognito-facts.md#pool-shape). Asked only on the way to a create, so
     * only create-and-link needs cognito-idp:DescribeUserPool.
     */
    public PoolShape poolShape(String userPoolId, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        PoolShape known = poolShapes.get(userPoolId);
        if (known != null) {
            return known;
        }
        UserPoolType pool = call(counter, deadline, "describe-pool", timeouts -> cognito.describeUserPool(request -> request
                .userPoolId(userPoolId)
                .overrideConfiguration(timeouts))).userPool();
        if (pool == null) {
            throw new CognitoUnavailableException("describe-pool-empty", null);
        }
        Set<String> custom = new HashSet<>();
        for (SchemaAttributeType attribute : pool.schemaAttributes()) {
            if (attribute.name() != null && attribute.name().startsWith("custom:")) {
                custom.add(attribute.name());
            }
        }
        PoolShape shape = new PoolShape(pool.usernameAttributesAsStrings(), custom);
        if (shape.cannotCreate().isEmpty()) {
            poolShapes.put(userPoolId, shape);
        }
        return shape;
    }

    /**
     * Creates the native user for a federated first sign-in: no invitation (MessageAction=SUPPRESS), the given
     * attributes only, under {@code username} (the email itself in pools whose usernames are emails; Cognito then
     * names the user with a UUID, docs/cognito-facts.md#admin-create-user-username). When the name is taken and
     * {@code lookUpHolder}, the user holding it is looked up, to tell a race from a squatter. The create runs the
     * Pre sign-up trigger again (PreSignUp_AdminCreateUser), which this function passes straight through.
     */
    public CreateResult createNativeUser(String userPoolId, String username, Map<String, String> attributes,
            boolean lookUpHolder, Deadline deadline, CallCounter counter) throws CognitoUnavailableException {
        CreateResult result = create(userPoolId, username, attributes, deadline, counter);
        return result.created() || !lookUpHolder ? result
                : CreateResult.usernameTakenBy(findByUsername(userPoolId, username, deadline, counter));
    }

    /** The user named {@code username} (a generated UUID, so no character needs escaping), or null. */
    private Candidate findByUsername(String userPoolId, String username, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        Optional<String> filter = usernameFilter(username);
        if (filter.isEmpty()) {
            return null;
        }
        ListUsersResponse response = call(counter, deadline, "list-users", timeouts -> cognito.listUsers(request -> request
                .userPoolId(userPoolId)
                .filter(filter.get())
                .limit(1)
                .overrideConfiguration(timeouts)));
        return response.users().isEmpty() ? null : toCandidate(response.users().get(0));
    }

    private CreateResult create(String userPoolId, String username, Map<String, String> attributes,
            Deadline deadline, CallCounter counter) throws CognitoUnavailableException {
        List<AttributeType> userAttributes = attributes.entrySet().stream()
                .map(entry -> AttributeType.builder().name(entry.getKey()).value(entry.getValue()).build())
                .toList();
        try {
            AdminCreateUserResponse response = call(counter, deadline, "create", timeouts -> cognito.adminCreateUser(
                    request -> request
                            .userPoolId(userPoolId)
                            .username(username)
                            .userAttributes(userAttributes)
                            .messageAction(MessageActionType.SUPPRESS)
                            .overrideConfiguration(timeouts)));
            String created = response.user() == null ? null : response.user().username();
            return CreateResult.created(created == null || created.isEmpty() ? username : created);
        } catch (CognitoUnavailableException failure) {
            if (failure.getCause() instanceof UsernameExistsException) {
                return CreateResult.usernameTaken();
            }
            throw failure;
        }
    }

    /**
     * Sets a random permanent password the person never sees, so the user leaves FORCE_CHANGE_PASSWORD (where
     * "forgot password" fails) for CONFIRMED (docs/cognito-facts.md#admin-set-user-password). The password
     * lives only in this call: never logged, never stored, not even in a failure's description.
     */
    public void setPermanentPassword(String userPoolId, String username, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        String password = RandomPassword.generate();
        call(counter, deadline, "set-password", timeouts -> cognito.adminSetUserPassword(request -> request
                .userPoolId(userPoolId)
                .username(username)
                .password(password)
                .permanent(true)
                .overrideConfiguration(timeouts)));
    }

    // ---- self-service linking (SelfServiceLinkHandler) ---------------------------------------------------------

    /**
     * The native user {@code username} as Cognito shows it now (AdminGetUser), or empty when there is none: status,
     * enabled, email, its {@code identities} and the {@code custom:merge_unlinked} list an operator's unlink writes
     * (same JSON shape as {@code identities}). An unreadable {@code custom:merge_unlinked} is reported as such, never
     * read as "nothing unlinked".
     */
    public Optional<NativeAccount> account(String userPoolId, String username, Deadline deadline, CallCounter counter)
            throws CognitoUnavailableException {
        AdminGetUserResponse user;
        try {
            user = call(counter, deadline, "get-user", timeouts -> cognito.adminGetUser(request -> request
                    .userPoolId(userPoolId)
                    .username(username)
                    .overrideConfiguration(timeouts)));
        } catch (CognitoUnavailableException failure) {
            if (failure.getCause() instanceof UserNotFoundException) {
                return Optional.empty();
            }
            throw failure;
        }
        String email = null;
        boolean emailVerified = false;
        List<LinkedIdentity> identities = List.of();
        List<LinkedIdentity> unlinked = List.of();
        boolean unlinkedReadable = true;
        for (AttributeType attribute : user.userAttributes()) {
            switch (attribute.name()) {
                case "email" -> email = attribute.value();
                case "email_verified" -> emailVerified = "true".equalsIgnoreCase(attribute.value());
                case "identities" -> identities = parseIdentities(attribute.value());
                case "custom:merge_unlinked" -> {
                    Optional<List<LinkedIdentity>> parsed = parseIdentityList(attribute.value());
                    unlinkedReadable = parsed.isPresent();
                    unlinked = parsed.orElse(List.of());
                }
                default -> {
                }
            }
        }
        return Optional.of(new NativeAccount(user.username(), user.userStatusAsString(),
                Boolean.TRUE.equals(user.enabled()), email, emailVerified, identities, unlinked, unlinkedReadable));
    }

    /**
     * A JSON array of {providerName, userId} objects, strictly: empty text is an empty list, anything else that is not
     * such an array (or has an entry without both as text) is empty Optional.
     */
    Optional<List<LinkedIdentity>> parseIdentityList(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(List.of());
        }
        try {
            JsonNode array = json.readTree(value);
            if (array == null || !array.isArray()) {
                return Optional.empty();
            }
            List<LinkedIdentity> entries = new ArrayList<>();
            for (JsonNode entry : array) {
                if (!entry.path("providerName").isTextual() || !entry.path("userId").isTextual()) {
                    return Optional.empty();
                }
                entries.add(new LinkedIdentity(entry.get("providerName").asText(), entry.get("userId").asText()));
            }
            return Optional.of(entries);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code identity} already has a federated profile of its own in the pool: the user
     * {@code <ProviderName>_<subject>} exists and is EXTERNAL_PROVIDER (docs/cognito-facts.md#federated-profile-lookup).
     * Such a source can never be linked (docs/cognito-facts.md#no-merge). A linked identity has no such user.
     */
    public boolean hasFederatedProfile(String userPoolId, FederatedIdentity identity, Deadline deadline,
            CallCounter counter) throws CognitoUnavailableException {
        try {
            AdminGetUserResponse user = call(counter, deadline, "get-profile", timeouts -> cognito.adminGetUser(
                    request -> request
                            .userPoolId(userPoolId)
                            .username(identity.providerName() + "_" + identity.subject())
                            .overrideConfiguration(timeouts)));
            return "EXTERNAL_PROVIDER".equals(user.userStatusAsString());
        } catch (CognitoUnavailableException failure) {
            if (failure.getCause() instanceof UserNotFoundException) {
                return false;
            }
            throw failure;
        }
    }

    /**
     * {@link #link} for a link both accounts proved: Cognito's InvalidParameterException (other than "already
     * linked", which {@link #link} answers) is a refusal of this source, not an outage.
     */
    public LinkResult linkProven(String userPoolId, FederatedIdentity identity, String destinationUsername,
            Deadline deadline, CallCounter counter) throws CognitoUnavailableException, LinkRefusedException {
        try {
            // The read-back is AdminGetUser: the endpoint's role has it (it reads the account first) and not
            // ListUsers, which would let an internet-facing function list the whole pool.
            return link(userPoolId, identity, destinationUsername, deadline, counter, this::accountHolds);
        } catch (CognitoUnavailableException failure) {
            if (failure.getCause() instanceof InvalidParameterException) {
                throw new LinkRefusedException(failure.getCause());
            }
            throw failure;
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run(AwsRequestOverrideConfiguration timeouts);
    }
}
