package dev.cognitomerge.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An in-memory Cognito user pool that speaks the AWS JSON 1.1 protocol on loopback, so the function's
 * real AWS SDK client (serialisation, signing, retries, error mapping) runs against it unchanged. It
 * implements the two operations the function uses, as the AWS API reference and docs/cognito-facts.md describe them:
 *
 * <ul>
 *   <li>ListUsers: filter {@code attr = "v"} / {@code attr ^= "v"} on the searchable attributes only,
 *       {@code \"} and {@code \\} escapes, at most 256 characters, {@code Limit} at most 60,
 *       {@code PaginationToken}; bad syntax answers "Error while parsing filter.".</li>
 *   <li>AdminLinkProviderForUser: writes the {@code identities} attribute; answers "SourceUser is already
 *       linked to DestinationUser" (aws/aws-sdk #766), "Merging is not currently supported..." when the
 *       federated user exists (aws-sdk-net #1000), LimitExceededException past 5 identities, and rejects a
 *       source longer than 128 characters (aws-sdk-js-v3 #6985).</li>
 *   <li>AdminCreateUser: in a pool whose username is the email ({@link #usernameAttributesEmail}) the
 *       Username must be an email ("Username should be an email."), the user is named with a UUID, and a
 *       second user with that email is refused (UsernameExistsException); other pools take the given
 *       username. The user starts in FORCE_CHANGE_PASSWORD. It runs the Pre sign-up trigger
 *       (PreSignUp_AdminCreateUser) through {@link #onAdminCreateUser} when one is set.</li>
 *   <li>AdminSetUserPassword: checks the password against the pool policy ({@link #passwordMinimumLength},
 *       every character class); Permanent=true makes the user CONFIRMED. The password is not kept.</li>
 *   <li>AdminGetUser: the user's attributes, status and MFA fields ({@code UserMFASettingList},
 *       {@code PreferredMfaSetting}, {@code MFAOptions}) as seeded; UserNotFoundException for an unknown user.</li>
 *   <li>AdminListGroupsForUser: the user's groups, {@code Limit} at most 60, {@code NextToken} paging.</li>
 *   <li>DescribeUserPool: UsernameAttributes, UsernameConfiguration and SchemaAttributes (a few standard ones and
 *       the custom ones of {@link #customAttributes}, by default the function's two); AdminCreateUser refuses a custom
 *       attribute the schema does not declare.</li>
 * </ul>
 *
 * It records every call and can be scripted to fail ({@link Fault}) for fault-injection tests. Opt-in, it enforces
 * Cognito's request-rate quotas ({@link #enforceQuotas}, {@link RequestQuotas}) and adds a fixed latency to every
 * answer ({@link #latency}), for load benchmarks with many concurrent callers ({@link #start(String, int)}).
 * Test and dev-mode code only: it never ships in the function (a build check proves it).
 */
public final class CognitoStandIn implements AutoCloseable {

    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    /** ListUsers searchable attributes (AWS API reference, ListUsers Filter). */
    static final Set<String> SEARCHABLE = Set.of("username", "email", "phone_number", "name", "given_name",
            "family_name", "preferred_username", "cognito:user_status", "status", "sub");
    static final int MAX_LIMIT = 60;
    static final int MAX_FILTER_LENGTH = 256;
    static final int MAX_IDENTITIES = 5;
    static final int MAX_SOURCE_LENGTH = 128;

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on unless told otherwise: a small answer then waits
        // for the client's delayed ACK, adding ~40 ms to every call (a stand-in artefact, not Cognito's
        // latency; it made each event ~45 ms). The server reads this once, when the first one starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String userPoolId;
    private final Map<String, StandInUser> users = new LinkedHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private volatile boolean caseInsensitiveSearch;
    private volatile Consumer<String> log = line -> { };
    // Operator commands' state: groups, the pool's description and its identity providers.
    private final Set<String> groups = new java.util.LinkedHashSet<>();
    private final Map<String, Map<String, String>> identityProviders = new LinkedHashMap<>();
    private volatile String preSignUpLambdaArn;
    private volatile List<String> usernameAttributes = List.of();
    private volatile Boolean caseSensitiveUsernames = Boolean.FALSE;
    private volatile boolean emailUsernames;
    private volatile int passwordMinimumLength = 8;
    private volatile Consumer<ObjectNode> preSignUpTrigger;
    private volatile RequestQuotas quotas;
    private volatile long latencyMillis;
    /** What AdminLinkProviderForUser answers for a source already linked to the destination (the wording changed). */
    private volatile String alreadyLinkedMessage = ALREADY_LINKED_MESSAGE;
    /** The custom attributes of a pool made by the user-pool module: the function's own records. */
    public static final List<String> DEFAULT_CUSTOM_ATTRIBUTES = List.of("custom:merge_created", "custom:merge_unlinked");
    /** Cognito's wording since mid-2024 (aws/aws-sdk #766). */
    public static final String ALREADY_LINKED_MESSAGE = "SourceUser is already linked to DestinationUser";
    // Operator commands' doctor and unlink/link: custom attributes in the schema (name -> mutable, max length) and
    // app clients (id -> name, write attributes). Plain maps, no new nested classes: every stand-in class must be
    // listed in the packaging's ignored entries (application.properties).
    private final Map<String, Boolean> customAttributeMutable = new LinkedHashMap<>();
    private final Map<String, Integer> customAttributeMaxLength = new LinkedHashMap<>();
    private final Map<String, String> appClientNames = new LinkedHashMap<>();
    private final Map<String, List<String>> appClientWriteAttributes = new LinkedHashMap<>();

    private CognitoStandIn(String userPoolId, int port, int threads) throws IOException {
        this.userPoolId = userPoolId;
        declareMergeAttributes();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "cognito-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an empty pool on a free loopback port. */
    public static CognitoStandIn start(String userPoolId) throws IOException {
        return new CognitoStandIn(userPoolId, 0, 4);
    }

    /**
     * Starts an empty pool on a free loopback port answering up to {@code threads} requests at once (the default is
     * 4): many concurrent callers, with a {@link #latency}, would otherwise queue in the stand-in, not in Cognito.
     */
    public static CognitoStandIn start(String userPoolId, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        return new CognitoStandIn(userPoolId, 0, threads);
    }

    /** Starts a pool seeded from a JSON file ({@code {"userPoolId": ..., "users": [...]}}) on {@code port}. */
    public static CognitoStandIn start(InputStream seed, int port) throws IOException {
        JsonNode root = new ObjectMapper().readTree(seed);
        CognitoStandIn standIn = new CognitoStandIn(root.path("userPoolId").asText("us-east-1_StandIn"), port, 4);
        standIn.addUsers(root);
        standIn.configurePool(root.path("pool"));
        return standIn;
    }

    /** Adds the users of a seed file (its userPoolId is ignored: the pool keeps its own). */
    public void load(InputStream seed) throws IOException {
        JsonNode root = json.readTree(seed);
        addUsers(root);
        configurePool(root.path("pool"));
    }

    private void addUsers(JsonNode root) {
        for (JsonNode user : root.path("users")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            user.path("attributes").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                    field.getValue().asText()));
            StandInUser seeded = new StandInUser(user.path("username").asText(), user.path("status").asText("CONFIRMED"),
                    user.path("enabled").asBoolean(true), attributes);
            List<String> mfa = new ArrayList<>();
            user.path("mfa").path("enabled").forEach(method -> mfa.add(method.asText()));
            seeded.withMfa(mfa, user.path("mfa").path("preferred").isTextual()
                    ? user.path("mfa").path("preferred").asText() : null);
            user.path("groups").forEach(group -> seeded.inGroups(group.asText()));
            addUser(seeded);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    public String userPoolId() {
        return userPoolId;
    }

    public synchronized void addUser(StandInUser user) {
        user.attributes.putIfAbsent("sub", UUID.nameUUIDFromBytes(user.username.getBytes(StandardCharsets.UTF_8))
                .toString());
        users.put(user.username, user);
        groups.addAll(user.groups);
    }

    public synchronized StandInUser user(String username) {
        return users.get(username);
    }

    /** Every user of the pool, in the order they were added. */
    public synchronized List<StandInUser> users() {
        return List.copyOf(users.values());
    }

    /** The identities linked to {@code username}, as {providerName, userId} pairs. */
    public synchronized List<Map<String, String>> identities(String username) {
        StandInUser user = users.get(username);
        List<Map<String, String>> identities = new ArrayList<>();
        if (user != null) {
            for (JsonNode identity : readIdentities(user)) {
                identities.add(Map.of("providerName", identity.path("providerName").asText(),
                        "userId", identity.path("userId").asText()));
            }
        }
        return identities;
    }

    /** Every call received since the last {@link #reset()}, in order. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one operation, e.g. "ListUsers". */
    public synchronized List<RecordedCall> calls(String operation) {
        return calls.stream().filter(call -> call.operation().equals(operation)).toList();
    }

    /** The next calls of {@code operation} ("*" for any) meet these faults, one each, in order. */
    public synchronized void script(String operation, Fault... scripted) {
        Deque<Fault> queue = faults.computeIfAbsent(operation, op -> new ArrayDeque<>());
        for (Fault fault : scripted) {
            queue.addLast(fault);
        }
    }

    /** Search email etc. case-insensitively, as the developer guide says Cognito does (docs/cognito-facts.md#search-case). */
    public void caseInsensitiveSearch(boolean enabled) {
        this.caseInsensitiveSearch = enabled;
    }

    /**
     * The pool's UsernameAttributes is [email] (the user-pool module's setting): AdminCreateUser takes the email
     * as Username and names the user with a UUID (docs/cognito-facts.md#admin-create-user-username).
     */
    public void usernameAttributesEmail(boolean enabled) {
        this.emailUsernames = enabled;
        this.usernameAttributes = enabled ? List.of("email") : List.of();
    }

    /** The pool's UsernameAttributes, e.g. {@code email, phone_number} (a pool whose username may be either). */
    public void usernameAttributes(String... names) {
        this.usernameAttributes = List.of(names);
        this.emailUsernames = usernameAttributes.contains("email");
    }

    /** The custom attributes the pool's schema declares, e.g. none for a pool made before custom:merge_created. */
    public synchronized void customAttributes(String... names) {
        customAttributeMutable.clear();
        customAttributeMaxLength.clear();
        for (String name : names) {
            addCustomAttribute(name, true, 2048);
        }
    }

    /** Answer an already-linked source with this message instead of Cognito's current one. */
    public void alreadyLinkedMessage(String message) {
        this.alreadyLinkedMessage = message;
    }

    /** The pool policy's minimum password length (Cognito allows 6-99). */
    public void passwordMinimumLength(int length) {
        this.passwordMinimumLength = length;
    }

    /**
     * Called with the PreSignUp_AdminCreateUser event of every AdminCreateUser before the user is stored, as
     * Cognito invokes the Pre sign-up trigger (docs/cognito-facts.md#admin-create-user-trigger). A thrown
     * exception refuses the create with UserLambdaValidationException. Runs on the stand-in's request thread
     * outside its lock, so the trigger may call the stand-in itself.
     */
    public void onAdminCreateUser(Consumer<ObjectNode> trigger) {
        this.preSignUpTrigger = trigger;
    }

    /**
     * Enforces these request-rate quotas from now on, shared by every caller ({@code null}: none, the default). A
     * throttled request is recorded in {@link #calls()} like any other and answered with TooManyRequestsException.
     */
    public void enforceQuotas(RequestQuotas quotas) {
        this.quotas = quotas;
    }

    /** The quotas enforced, or null. */
    public RequestQuotas quotas() {
        return quotas;
    }

    /** Every answer (throttling included) leaves only after this delay, Cognito's own service time (default none). */
    public void latency(java.time.Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /** Receives one line per change the stand-in makes (dev mode prints them). */
    public void log(Consumer<String> log) {
        this.log = log;
    }

    /** Forgets users, calls and scripted faults. */
    public synchronized void reset() {
        users.clear();
        groups.clear();
        identityProviders.clear();
        calls.clear();
        faults.clear();
        caseInsensitiveSearch = false;
        emailUsernames = false;
        usernameAttributes = List.of();
        passwordMinimumLength = 8;
        preSignUpTrigger = null;
        quotas = null;
        latencyMillis = 0;
        alreadyLinkedMessage = ALREADY_LINKED_MESSAGE;
        customAttributeMutable.clear();
        customAttributeMaxLength.clear();
        declareMergeAttributes();
        appClientNames.clear();
        appClientWriteAttributes.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- protocol

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/_standin/users")) {
                send(exchange, 200, usersJson());
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                sendError(exchange, 400, "UnknownOperationException", "Missing or unknown X-Amz-Target");
                return;
            }
            // The SDK signs every request (SigV4); an unsigned one means the client is misconfigured.
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                sendError(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
                return;
            }
            String operation = target.substring(TARGET_PREFIX.length());
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (IOException e) {
                sendError(exchange, 400, "SerializationException", "Malformed request body");
                return;
            }
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            RequestQuotas enforced = quotas;
            if (enforced != null && !enforced.tryAcquire(operation)) {
                // Recorded like any request, without taking a scripted fault: the fault is for the next admitted one.
                recordOnly(operation, request);
                sendError(exchange, 400, "TooManyRequestsException", "Rate exceeded");
                return;
            }
            Fault fault = record(operation, request);
            if (fault instanceof Fault.Delay delay) {
                sleep(delay.delay().toMillis());
            } else if (fault instanceof Fault.Error error) {
                sendError(exchange, error.status(), error.type(), error.message());
                return;
            } else if (fault instanceof Fault.MalformedBody) {
                send(exchange, 200, "{\"Users\": [ this is not json");
                return;
            } else if (fault instanceof Fault.Disconnect) {
                return; // closed by try-with-resources before any status line was sent
            }
            Answer answer = switch (operation) {
                case "ListUsers" -> listUsers(request, fault instanceof Fault.EndlessPagination);
                case "AdminLinkProviderForUser" -> adminLinkProviderForUser(request);
                // Operator commands (dev.cognitomerge.operator): reconcile, unlink, link, doctor.
                case "AdminDeleteUser" -> adminDeleteUser(request);
                case "AdminDisableProviderForUser" -> adminDisableProviderForUser(request);
                case "AdminAddUserToGroup" -> adminAddUserToGroup(request);
                case "DescribeUserPool" -> describeUserPool(request);
                case "DescribeIdentityProvider" -> describeIdentityProvider(request);
                case "AdminCreateUser" -> adminCreateUser(request);
                case "AdminSetUserPassword" -> adminSetUserPassword(request);
                case "AdminGetUser" -> adminGetUser(request);
                case "AdminListGroupsForUser" -> adminListGroupsForUser(request);
                case "AdminUpdateUserAttributes" -> adminUpdateUserAttributes(request);
                case "ListIdentityProviders" -> listIdentityProviders(request);
                case "ListUserPoolClients" -> listUserPoolClients(request);
                case "DescribeUserPoolClient" -> describeUserPoolClient(request);
                default -> Answer.error(400, "UnknownOperationException", "Operation not supported by the stand-in: "
                        + operation);
            };
            if (fault instanceof Fault.DelayedAnswer late) {
                sleep(late.delay().toMillis());
            }
            if (answer.errorType() != null) {
                sendError(exchange, answer.status(), answer.errorType(), answer.body());
            } else {
                send(exchange, answer.status(), answer.body());
            }
        } catch (RuntimeException e) {
            sendError(exchange, 500, "InternalErrorException", "stand-in: " + e);
        }
    }

    private synchronized void recordOnly(String operation, JsonNode request) {
        calls.add(new RecordedCall(operation, request));
    }

    private synchronized Fault record(String operation, JsonNode request) {
        calls.add(new RecordedCall(operation, request));
        for (String key : List.of(operation, "*")) {
            Deque<Fault> queue = faults.get(key);
            if (queue != null && !queue.isEmpty()) {
                return queue.pollFirst();
            }
        }
        return null;
    }

    private synchronized Answer listUsers(JsonNode request, boolean endless) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        int limit = request.path("Limit").asInt(MAX_LIMIT);
        if (limit < 0 || limit > MAX_LIMIT) {
            return Answer.error(400, "InvalidParameterException", "1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60");
        }
        String filterText = request.path("Filter").asText("");
        if (filterText.length() > MAX_FILTER_LENGTH) {
            return Answer.error(400, "InvalidParameterException", "1 validation error detected: Value at 'filter'"
                    + " failed to satisfy constraint: Member must have length less than or equal to 256");
        }
        UserFilter filter;
        try {
            filter = UserFilter.parse(filterText);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "InvalidParameterException", "Error while parsing filter.");
        }
        List<StandInUser> matching = users.values().stream()
                .filter(user -> filter == null || filter.matches(user, caseInsensitiveSearch)).toList();
        int offset = pageOffset(request.get("PaginationToken"));
        if (offset < 0) {
            return Answer.error(400, "InvalidParameterException", "Invalid pagination token");
        }
        int pageSize = limit == 0 ? MAX_LIMIT : limit;
        int end = Math.min(matching.size(), offset + pageSize);
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Users");
        for (StandInUser user : matching.subList(Math.min(offset, end), end)) {
            page.add(userJson(user));
        }
        if (end < matching.size()) {
            response.put("PaginationToken", token(end));
        } else if (endless) {
            response.put("PaginationToken", token(end));
        }
        return Answer.ok(response.toString());
    }

    private synchronized Answer adminLinkProviderForUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        JsonNode destination = request.path("DestinationUser");
        JsonNode source = request.path("SourceUser");
        if (!"Cognito".equals(destination.path("ProviderName").asText())) {
            return Answer.error(400, "InvalidParameterException", "DestinationUser ProviderName must be Cognito");
        }
        String providerName = source.path("ProviderName").asText("");
        String attributeName = source.path("ProviderAttributeName").asText("");
        String subject = source.path("ProviderAttributeValue").asText("");
        if (providerName.isEmpty() || subject.isEmpty() || !"Cognito_Subject".equals(attributeName)) {
            return Answer.error(400, "InvalidParameterException", "Invalid SourceUser");
        }
        if (providerName.length() + attributeName.length() + subject.length() > MAX_SOURCE_LENGTH) {
            return Answer.error(400, "InvalidParameterException", "SourceUser exceeds 128 characters");
        }
        StandInUser target = users.get(destination.path("ProviderAttributeValue").asText());
        if (target == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        String federatedUsername = providerName + "_" + subject;
        if (users.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(federatedUsername))) {
            return Answer.error(400, "InvalidParameterException",
                    "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link");
        }
        for (StandInUser user : users.values()) {
            for (JsonNode identity : readIdentities(user)) {
                if (identity.path("providerName").asText().equals(providerName)
                        && identity.path("userId").asText().equals(subject)) {
                    return user == target
                            ? Answer.error(400, "InvalidParameterException", alreadyLinkedMessage)
                            // Real wording unknown; deliberately not "already linked" (see UserDirectory).
                            : Answer.error(400, "InvalidParameterException", "SourceUser belongs to another user");
                }
            }
        }
        ArrayNode identities = readIdentities(target);
        if (identities.size() >= MAX_IDENTITIES) {
            return Answer.error(400, "LimitExceededException", "Exceeded the limit of linked identities");
        }
        ObjectNode identity = identities.addObject();
        identity.put("userId", subject);
        identity.put("providerName", providerName);
        identity.put("providerType", "OIDC");
        identity.putNull("issuer");
        identity.put("primary", false);
        identity.put("dateCreated", System.currentTimeMillis());
        target.attributes.put("identities", identities.toString());
        log.accept("stand-in: linked " + providerName + "/" + subject + " to user " + target.username
                + "; identities now " + identities(target.username));
        return Answer.ok("{}");
    }

    /** Not synchronized as a whole: the Pre sign-up trigger runs between the checks and the insert. */
    private Answer adminCreateUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        String requested = request.path("Username").asText("");
        if (requested.isEmpty() || requested.length() > 128) {
            return Answer.error(400, "InvalidParameterException", "Username must be 1-128 characters");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : request.path("UserAttributes")) {
            attributes.put(attribute.path("Name").asText(), attribute.path("Value").asText());
        }
        if (attributes.containsKey("sub") || attributes.containsKey("identities")) {
            return Answer.error(400, "InvalidParameterException", "Cannot modify an immutable attribute");
        }
        // The wording of amplify-flutter #509 and aws-amplify-auth-starters #11 (docs/cognito-facts.md#created-marker).
        List<String> undeclared = attributes.keySet().stream()
                .filter(name -> name.startsWith("custom:") && !customAttributeMutable.containsKey(name)).toList();
        if (!undeclared.isEmpty()) {
            return Answer.error(400, "InvalidParameterException", "Attributes did not conform to the schema: "
                    + String.join("", undeclared.stream().map(name -> name + ": Attribute does not exist in the schema.\n")
                            .toList()));
        }
        String username = requested;
        if (emailUsernames) {
            // cognito-local #102 and boto3 #3836 record Cognito's wording for both refusals; moto answers a pool
            // whose usernames may be an email or a phone number with another sentence.
            if (!requested.matches("[^@\\s]+@[^@\\s]+")) {
                return Answer.error(400, "InvalidParameterException", usernameAttributes.contains("phone_number")
                        ? "Username should be either an email or a phone number." : "Username should be an email.");
            }
            String email = attributes.get("email");
            if (email != null && !email.equalsIgnoreCase(requested)) {
                return Answer.error(400, "InvalidParameterException",
                        "User email should be empty or same as username, since username attribute is email.");
            }
            attributes.put("email", email != null ? email : requested);
            username = UUID.randomUUID().toString();
        }
        Answer taken = usernameTaken(requested);
        if (taken != null) {
            return taken;
        }
        Consumer<ObjectNode> trigger = preSignUpTrigger;
        if (trigger != null) {
            try {
                trigger.accept(preSignUpEvent(username, attributes));
            } catch (RuntimeException refused) {
                return Answer.error(400, "UserLambdaValidationException",
                        "PreSignUp failed with error " + refused.getMessage() + ".");
            }
        }
        synchronized (this) {
            // Checked again under the lock: two creates of one email at once end with one user.
            taken = usernameTaken(requested);
            if (taken != null) {
                return taken;
            }
            if (emailUsernames) {
                attributes.put("sub", username);
            }
            StandInUser user = new StandInUser(username, "FORCE_CHANGE_PASSWORD", true, attributes);
            addUser(user);
            log.accept("stand-in: created user " + username + " (FORCE_CHANGE_PASSWORD, "
                    + request.path("MessageAction").asText("invitation sent") + ")");
            ObjectNode response = json.createObjectNode();
            response.set("User", userJson(user));
            return Answer.ok(response.toString());
        }
    }

    private synchronized Answer usernameTaken(String requested) {
        if (emailUsernames) {
            boolean emailTaken = users.values().stream().anyMatch(user -> !"EXTERNAL_PROVIDER".equals(user.status)
                    && requested.equalsIgnoreCase(user.attributes.get("email")));
            return emailTaken
                    ? Answer.error(400, "UsernameExistsException", "An account with the given email already exists.")
                    : null;
        }
        return users.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(requested))
                ? Answer.error(400, "UsernameExistsException", "User account already exists")
                : null;
    }

    private ObjectNode preSignUpEvent(String username, Map<String, String> attributes) {
        ObjectNode event = json.createObjectNode();
        event.put("version", "1");
        event.put("region", "us-east-1");
        event.put("userPoolId", userPoolId);
        event.put("userName", username);
        event.putObject("callerContext").put("awsSdkVersion", "aws-sdk-unknown-unknown").put("clientId", "CLIENT_ID_NOT_APPLICABLE");
        event.put("triggerSource", "PreSignUp_AdminCreateUser");
        ObjectNode userAttributes = event.putObject("request").putObject("userAttributes");
        attributes.forEach(userAttributes::put);
        event.putObject("response").put("autoConfirmUser", false).put("autoVerifyEmail", false)
                .put("autoVerifyPhone", false);
        return event;
    }

    private synchronized Answer adminSetUserPassword(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        StandInUser user = users.get(request.path("Username").asText());
        if (user == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        String password = request.path("Password").asText("");
        boolean conforms = password.length() >= passwordMinimumLength && password.length() <= 256
                && password.chars().anyMatch(Character::isUpperCase)
                && password.chars().anyMatch(Character::isLowerCase)
                && password.chars().anyMatch(Character::isDigit)
                && password.chars().anyMatch(c -> "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-".indexOf(c) >= 0);
        if (!conforms) {
            return Answer.error(400, "InvalidPasswordException", "Password does not conform to policy");
        }
        user.status = request.path("Permanent").asBoolean(false) ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD";
        log.accept("stand-in: password set for user " + user.username + "; status now " + user.status);
        return Answer.ok("{}");
    }

    private synchronized Answer adminGetUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        StandInUser user = users.get(request.path("Username").asText());
        if (user == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        ObjectNode response = userJson(user);
        response.set("UserAttributes", response.remove("Attributes"));
        if (!user.mfaSettings.isEmpty()) {
            ArrayNode settings = response.putArray("UserMFASettingList");
            user.mfaSettings.forEach(settings::add);
        }
        if (user.preferredMfa != null) {
            response.put("PreferredMfaSetting", user.preferredMfa);
        }
        if (!user.smsMfaOptions.isEmpty()) {
            ArrayNode options = response.putArray("MFAOptions");
            user.smsMfaOptions.forEach(name -> options.addObject().put("DeliveryMedium", "SMS").put("AttributeName", name));
        }
        return Answer.ok(response.toString());
    }

    private synchronized Answer adminListGroupsForUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        int limit = request.path("Limit").asInt(MAX_LIMIT);
        if (limit < 0 || limit > MAX_LIMIT) {
            return Answer.error(400, "InvalidParameterException", "1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60");
        }
        StandInUser user = users.get(request.path("Username").asText());
        if (user == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        int offset = pageOffset(request.get("NextToken"));
        if (offset < 0) {
            return Answer.error(400, "InvalidParameterException", "Invalid next token");
        }
        int pageSize = limit == 0 ? MAX_LIMIT : limit;
        int end = Math.min(user.groups.size(), offset + pageSize);
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Groups");
        for (String group : user.groups.subList(Math.min(offset, end), end)) {
            page.addObject().put("GroupName", group).put("UserPoolId", userPoolId)
                    .put("LastModifiedDate", 1.7e9).put("CreationDate", 1.7e9);
        }
        if (end < user.groups.size()) {
            response.put("NextToken", token(end));
        }
        return Answer.ok(response.toString());
    }

    private Answer checkPool(JsonNode request) {
        if (!userPoolId.equals(request.path("UserPoolId").asText())) {
            return Answer.error(400, "ResourceNotFoundException", "User pool " + request.path("UserPoolId").asText()
                    + " does not exist.");
        }
        return null;
    }

    private ArrayNode readIdentities(StandInUser user) {
        String value = user.attributes.get("identities");
        if (value != null) {
            try {
                JsonNode parsed = json.readTree(value);
                if (parsed instanceof ArrayNode array) {
                    return array;
                }
            } catch (IOException e) {
                // fall through: an unreadable value counts as none
            }
        }
        return json.createArrayNode();
    }

    private ObjectNode userJson(StandInUser user) {
        ObjectNode node = json.createObjectNode();
        node.put("Username", user.username);
        ArrayNode attributes = node.putArray("Attributes");
        user.attributes.forEach((name, value) -> attributes.addObject().put("Name", name).put("Value", value));
        node.put("UserCreateDate", 1.7e9);
        node.put("UserLastModifiedDate", 1.7e9);
        node.put("Enabled", user.enabled);
        node.put("UserStatus", user.status);
        return node;
    }

    private synchronized String usersJson() {
        ArrayNode array = json.createArrayNode();
        users.values().forEach(user -> array.add(userJson(user)));
        return array.toString();
    }

    /** The offset a page token (made by {@link #token}) stands for: 0 without one, -1 for a token it never made. */
    private static int pageOffset(JsonNode token) {
        if (token == null || token.isNull()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getDecoder().decode(token.asText()), StandardCharsets.UTF_8));
            return offset < 0 ? -1 : offset;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static String token(int offset) {
        return Base64.getEncoder().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, body.toString());
    }

    // ---------------------------------------------------------------- operator commands

    /** Creates the group {@code name} in the pool (CreateGroup, without its other fields). */
    public synchronized void addGroup(String name) {
        groups.add(name);
    }

    /** Adds {@code username} to an existing group, as AdminAddUserToGroup does. */
    public synchronized void addUserToGroup(String username, String group) {
        StandInUser user = users.get(username);
        if (user == null) {
            throw new IllegalArgumentException("no user " + username);
        }
        groups.add(group);
        if (!user.groups.contains(group)) {
            user.groups.add(group);
        }
    }

    /** The groups {@code username} belongs to, in the order they were added. */
    public synchronized List<String> groups(String username) {
        StandInUser user = users.get(username);
        return user == null ? List.of() : List.copyOf(user.groups);
    }

    /**
     * What DescribeUserPool shows: the Pre sign-up trigger's function ARN (null for none), UsernameAttributes,
     * and UsernameConfiguration.CaseSensitive (null: the pool has no UsernameConfiguration).
     */
    public void describePool(String preSignUpArn, List<String> usernameAttributes, Boolean caseSensitive) {
        this.preSignUpLambdaArn = preSignUpArn;
        this.usernameAttributes = List.copyOf(usernameAttributes);
        // One pool setting, two views of it: what DescribeUserPool shows and how AdminCreateUser names users.
        this.emailUsernames = usernameAttributes.contains("email");
        this.caseSensitiveUsernames = caseSensitive;
    }

    /** Adds an OIDC identity provider with this AttributeMapping (user pool attribute to IdP claim). */
    public synchronized void addIdentityProvider(String providerName, Map<String, String> attributeMapping) {
        identityProviders.put(providerName, new LinkedHashMap<>(attributeMapping));
    }

    /** Every user with every attribute, and every user's groups: to compare a whole pool before and after. */
    public synchronized String snapshot() {
        ObjectNode snapshot = json.createObjectNode();
        snapshot.set("users", json.valueToTree(users.values().stream().map(this::userJson).toList()));
        ObjectNode memberships = snapshot.putObject("groups");
        users.values().stream().filter(user -> !user.groups.isEmpty())
                .sorted(java.util.Comparator.comparing(user -> user.username))
                .forEach(user -> memberships.set(user.username, json.valueToTree(user.groups)));
        return snapshot.toString();
    }

    private synchronized Answer adminDeleteUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        String username = request.path("Username").asText("");
        if (users.remove(username) == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        log.accept("stand-in: deleted user " + username);
        return Answer.ok("{}");
    }

    /**
     * For an IdP identity (ProviderAttributeName Cognito_Subject, the exact linked subject) removes the link
     * from the user that holds it (API reference, AdminDisableProviderForUser). What Cognito answers when no
     * user holds the identity is not documented; the operator checks the identities attribute first.
     */
    private synchronized Answer adminDisableProviderForUser(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        JsonNode user = request.path("User");
        String providerName = user.path("ProviderName").asText("");
        String subject = user.path("ProviderAttributeValue").asText("");
        if (providerName.isEmpty() || "Cognito".equals(providerName) || subject.isEmpty()
                || !"Cognito_Subject".equals(user.path("ProviderAttributeName").asText())) {
            return Answer.error(400, "InvalidParameterException", "Invalid User: the stand-in disables linked IdP"
                    + " identities only (ProviderAttributeName Cognito_Subject)");
        }
        for (StandInUser holder : users.values()) {
            ArrayNode identities = readIdentities(holder);
            for (int i = 0; i < identities.size(); i++) {
                JsonNode identity = identities.get(i);
                if (identity.path("providerName").asText().equals(providerName)
                        && identity.path("userId").asText().equals(subject)) {
                    identities.remove(i);
                    holder.attributes.put("identities", identities.toString());
                    log.accept("stand-in: unlinked " + providerName + "/" + subject + " from user " + holder.username);
                    return Answer.ok("{}");
                }
            }
        }
        return Answer.ok("{}");
    }

    private synchronized Answer adminAddUserToGroup(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        String username = request.path("Username").asText("");
        String group = request.path("GroupName").asText("");
        if (!users.containsKey(username)) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        if (!groups.contains(group)) {
            return Answer.error(400, "ResourceNotFoundException", "Group not found.");
        }
        StandInUser user = users.get(username);
        if (!user.groups.contains(group)) {
            user.groups.add(group);
        }
        log.accept("stand-in: added user " + username + " to group " + group);
        return Answer.ok("{}");
    }

    private Answer describeUserPool(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        ObjectNode response = json.createObjectNode();
        ObjectNode pool = response.putObject("UserPool");
        pool.put("Id", userPoolId);
        pool.put("Arn", "arn:aws:cognito-idp:us-east-1:123456789012:userpool/" + userPoolId);
        ObjectNode lambdaConfig = pool.putObject("LambdaConfig");
        if (preSignUpLambdaArn != null) {
            lambdaConfig.put("PreSignUp", preSignUpLambdaArn);
        }
        if (!usernameAttributes.isEmpty()) {
            ArrayNode attributes = pool.putArray("UsernameAttributes");
            usernameAttributes.forEach(attributes::add);
        }
        if (caseSensitiveUsernames != null) {
            pool.putObject("UsernameConfiguration").put("CaseSensitive", caseSensitiveUsernames);
        }
        schemaAttributes(pool.putArray("SchemaAttributes"));
        synchronized (this) {
            pool.put("EstimatedNumberOfUsers", users.size());
        }
        return Answer.ok(response.toString());
    }

    private synchronized Answer describeIdentityProvider(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        String providerName = request.path("ProviderName").asText("");
        Map<String, String> mapping = identityProviders.get(providerName);
        if (mapping == null) {
            return Answer.error(400, "ResourceNotFoundException", "Identity provider " + providerName
                    + " does not exist.");
        }
        ObjectNode response = json.createObjectNode();
        ObjectNode provider = response.putObject("IdentityProvider");
        provider.put("UserPoolId", userPoolId);
        provider.put("ProviderName", providerName);
        provider.put("ProviderType", "OIDC");
        provider.putObject("ProviderDetails");
        ObjectNode attributeMapping = provider.putObject("AttributeMapping");
        mapping.forEach(attributeMapping::put);
        return Answer.ok(response.toString());
    }

    // ---------------------------------------------------------------- doctor's schema and clients, unlink's record

    /**
     * A pool made by the user-pool module declares the function's two records (docs/trust-model.md, "The records in the pool"): String, mutable, 2048.
     * Tests of a pool made before them remove them with {@link #removeCustomAttribute}.
     */
    private synchronized void declareMergeAttributes() {
        for (String name : DEFAULT_CUSTOM_ATTRIBUTES) {
            customAttributeMutable.put(name, true);
            customAttributeMaxLength.put(name, 2048);
        }
    }

    /** Removes a custom attribute from the schema (a pool made without it; Cognito itself cannot remove one). */
    public synchronized void removeCustomAttribute(String name) {
        customAttributeMutable.remove(name);
        customAttributeMaxLength.remove(name);
    }

    /** Adds a String custom attribute to the schema, as AddCustomAttributes does (the name with "custom:"). */
    public synchronized void addCustomAttribute(String name, boolean mutable, int maxLength) {
        customAttributeMutable.put(name, mutable);
        customAttributeMaxLength.put(name, maxLength);
    }

    /** Adds an app client with these write attributes (empty: Cognito's default set, which it does not list). */
    public synchronized void addAppClient(String clientId, String clientName, List<String> writeAttributes) {
        appClientNames.put(clientId, clientName);
        appClientWriteAttributes.put(clientId, List.copyOf(writeAttributes));
    }

    /**
     * A seed file's optional {@code "pool"} block: what doctor reads (the Pre sign-up trigger, username settings,
     * custom attributes, identity providers, app clients) and the pool's groups.
     */
    private void configurePool(JsonNode pool) {
        if (pool.isMissingNode() || pool.isNull()) {
            return;
        }
        List<String> attributes = new ArrayList<>();
        pool.path("usernameAttributes").forEach(attribute -> attributes.add(attribute.asText()));
        describePool(pool.path("preSignUp").isTextual() ? pool.path("preSignUp").asText() : null, attributes,
                pool.path("caseSensitive").isBoolean() ? pool.path("caseSensitive").asBoolean() : null);
        pool.path("customAttributes").forEach(attribute -> addCustomAttribute(attribute.path("name").asText(),
                attribute.path("mutable").asBoolean(true), attribute.path("maxLength").asInt(2048)));
        pool.path("identityProviders").fields().forEachRemaining(provider -> {
            Map<String, String> mapping = new LinkedHashMap<>();
            provider.getValue().fields().forEachRemaining(entry -> mapping.put(entry.getKey(), entry.getValue().asText()));
            addIdentityProvider(provider.getKey(), mapping);
        });
        pool.path("appClients").forEach(appClient -> {
            List<String> writes = new ArrayList<>();
            appClient.path("writeAttributes").forEach(attribute -> writes.add(attribute.asText()));
            addAppClient(appClient.path("clientId").asText(), appClient.path("clientName").asText(), writes);
        });
        pool.path("groups").forEach(group -> addGroup(group.asText()));
    }

    /** DescribeUserPool's SchemaAttributes: the standard attributes the project uses, then the custom ones. */
    private synchronized void schemaAttributes(ArrayNode schema) {
        for (String standard : List.of("sub", "email", "email_verified", "name", "identities", "phone_number",
                "given_name", "family_name")) {
            ObjectNode attribute = schema.addObject();
            attribute.put("Name", standard);
            attribute.put("AttributeDataType", standard.equals("email_verified") ? "Boolean" : "String");
            attribute.put("DeveloperOnlyAttribute", false);
            attribute.put("Mutable", !standard.equals("sub"));
            attribute.put("Required", standard.equals("sub"));
            if (!standard.equals("email_verified")) {
                attribute.putObject("StringAttributeConstraints").put("MinLength", "0").put("MaxLength", "2048");
            }
        }
        for (String name : customAttributeMutable.keySet()) {
            ObjectNode attribute = schema.addObject();
            attribute.put("Name", name);
            attribute.put("AttributeDataType", "String");
            attribute.put("DeveloperOnlyAttribute", false);
            attribute.put("Mutable", customAttributeMutable.get(name));
            attribute.put("Required", false);
            attribute.putObject("StringAttributeConstraints").put("MinLength", "0")
                    .put("MaxLength", Integer.toString(customAttributeMaxLength.get(name)));
        }
    }

    /**
     * Sets attributes of a user (API reference, AdminUpdateUserAttributes): a custom attribute must be in the schema
     * and mutable, and no longer than its maximum; sub and identities cannot be written.
     */
    private synchronized Answer adminUpdateUserAttributes(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        StandInUser user = users.get(request.path("Username").asText());
        if (user == null) {
            return Answer.error(400, "UserNotFoundException", "User does not exist.");
        }
        Map<String, String> updates = new LinkedHashMap<>();
        for (JsonNode attribute : request.path("UserAttributes")) {
            String name = attribute.path("Name").asText();
            String value = attribute.path("Value").asText("");
            if (name.equals("sub") || name.equals("identities")) {
                return Answer.error(400, "InvalidParameterException", "Cannot modify an immutable attribute: " + name);
            }
            if (name.startsWith("custom:")) {
                if (!customAttributeMutable.containsKey(name)) {
                    return Answer.error(400, "InvalidParameterException",
                            "Attribute does not exist in the schema: " + name);
                }
                if (!customAttributeMutable.get(name) && user.attributes.containsKey(name)) {
                    return Answer.error(400, "InvalidParameterException", "Cannot modify an immutable attribute: " + name);
                }
                if (value.length() > customAttributeMaxLength.get(name)) {
                    return Answer.error(400, "InvalidParameterException", "String attribute " + name
                            + " exceeds its maximum length");
                }
            }
            updates.put(name, value);
        }
        user.attributes.putAll(updates);
        log.accept("stand-in: updated " + String.join(", ", updates.keySet()) + " of user " + user.username
                + (updates.containsKey("custom:merge_unlinked") ? "; custom:merge_unlinked now "
                        + updates.get("custom:merge_unlinked") : ""));
        return Answer.ok("{}");
    }

    private synchronized Answer listIdentityProviders(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        return page(request, List.copyOf(identityProviders.keySet()), "Providers", (name, node) -> node
                .put("ProviderName", name).put("ProviderType", "OIDC"));
    }

    private synchronized Answer listUserPoolClients(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        return page(request, List.copyOf(appClientNames.keySet()), "UserPoolClients", (id, node) -> node
                .put("ClientId", id).put("UserPoolId", userPoolId).put("ClientName", appClientNames.get(id)));
    }

    private synchronized Answer describeUserPoolClient(JsonNode request) {
        Answer poolCheck = checkPool(request);
        if (poolCheck != null) {
            return poolCheck;
        }
        String clientId = request.path("ClientId").asText();
        if (!appClientNames.containsKey(clientId)) {
            return Answer.error(400, "ResourceNotFoundException", "User pool client does not exist.");
        }
        ObjectNode response = json.createObjectNode();
        ObjectNode node = response.putObject("UserPoolClient");
        node.put("UserPoolId", userPoolId).put("ClientId", clientId).put("ClientName", appClientNames.get(clientId));
        // Cognito lists WriteAttributes only for a client with its own list (API reference, UserPoolClientType).
        if (!appClientWriteAttributes.get(clientId).isEmpty()) {
            ArrayNode writes = node.putArray("WriteAttributes");
            appClientWriteAttributes.get(clientId).forEach(writes::add);
        }
        return Answer.ok(response.toString());
    }

    /** One page of {@code items} under {@code field}: MaxResults at most 60, NextToken paging. */
    private Answer page(JsonNode request, List<String> items, String field,
            java.util.function.BiConsumer<String, ObjectNode> fill) {
        int limit = request.path("MaxResults").asInt(MAX_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            return Answer.error(400, "InvalidParameterException", "1 validation error detected: Value '" + limit
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
        }
        int offset = pageOffset(request.get("NextToken"));
        if (offset < 0) {
            return Answer.error(400, "InvalidParameterException", "Invalid next token");
        }
        int end = Math.min(items.size(), offset + limit);
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray(field);
        for (String item : items.subList(Math.min(offset, end), end)) {
            fill.accept(item, page.addObject());
        }
        if (end < items.size()) {
            response.put("NextToken", token(end));
        }
        return Answer.ok(response.toString());
    }

    /** One request as received: the operation name and its JSON body. */
    public record RecordedCall(String operation, JsonNode request) {
        public String filter() {
            return request.path("Filter").asText(null);
        }
    }

    private record Answer(int status, String errorType, String body) {
        static Answer ok(String body) {
            return new Answer(200, null, body);
        }

        static Answer error(int status, String type, String message) {
            return new Answer(status, type, message);
        }
    }

    /** A parsed ListUsers filter: one attribute, {@code =} or {@code ^=}, one quoted value. */
    record UserFilter(String attribute, boolean prefix, String value) {

        static UserFilter parse(String text) {
            String filter = text.strip();
            if (filter.isEmpty()) {
                return null;
            }
            int i = 0;
            while (i < filter.length() && isNameChar(filter.charAt(i))) {
                i++;
            }
            String attribute = filter.substring(0, i);
            if (!SEARCHABLE.contains(attribute)) {
                throw new IllegalArgumentException("not searchable: " + attribute);
            }
            i = skipSpaces(filter, i);
            boolean prefix;
            if (filter.startsWith("^=", i)) {
                prefix = true;
                i += 2;
            } else if (filter.startsWith("=", i)) {
                prefix = false;
                i += 1;
            } else {
                throw new IllegalArgumentException("operator");
            }
            i = skipSpaces(filter, i);
            if (i >= filter.length() || filter.charAt(i) != '"') {
                throw new IllegalArgumentException("opening quote");
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < filter.length()) {
                char c = filter.charAt(i++);
                if (c == '\\') {
                    if (i >= filter.length()) {
                        throw new IllegalArgumentException("dangling escape");
                    }
                    value.append(filter.charAt(i++));
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value.append(c);
                }
            }
            if (!closed || skipSpaces(filter, i) != filter.length()) {
                throw new IllegalArgumentException("unterminated or trailing text");
            }
            return new UserFilter(attribute, prefix, value.toString());
        }

        boolean matches(StandInUser user, boolean caseInsensitive) {
            String actual = switch (attribute) {
                case "username" -> user.username;
                case "cognito:user_status" -> user.status;
                case "status" -> user.enabled ? "Enabled" : "Disabled";
                default -> user.attributes.get(attribute);
            };
            if (actual == null) {
                return false;
            }
            String have = caseInsensitive ? actual.toLowerCase(Locale.ROOT) : actual;
            String want = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
            return prefix ? have.startsWith(want) : have.equals(want);
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == ':';
        }

        private static int skipSpaces(String text, int from) {
            int i = from;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
