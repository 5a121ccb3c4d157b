package dev.cognitomerge.operator;

import dev.cognitomerge.cognito.MfaState;

import dev.cognitomerge.cognito.ListUsersFilter;
import dev.cognitomerge.decision.EmailKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListGroupsForUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListIdentityProvidersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUserPoolClientsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * The one class of the operator commands that calls Cognito. Every call waits its turn at the
 * {@link RateLimiter} and is retried, with exponential backoff, when Cognito throttles it or fails on its side
 * (5xx); any other error is thrown as {@link CallFailed} naming the operation and Cognito's error code.
 */
final class PoolClient implements AutoCloseable {

    /** ListUsers returns at most 60 users a page (docs/cognito-facts.md#list-users-paging). */
    static final int PAGE_SIZE = 60;
    static final int MAX_ATTEMPTS = 8;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    /** The access key and secret that sign requests to a loopback endpoint; no AWS service accepts them. */
    static final String LOOPBACK_KEY = "loopback-only";

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final RateLimiter rate;
    private long calls;
    private long pages;
    private long retries;

    PoolClient(CognitoIdentityProviderClient cognito, String userPoolId, double requestsPerSecond) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.rate = new RateLimiter(requestsPerSecond);
    }

    /**
     * A client for the operator's own credentials: the SDK's default chain, or the named profile. On a loopback
     * endpoint (the stand-in, moto) throw-away credentials sign the requests, so nothing needs to be configured.
     */
    static PoolClient connect(Arguments arguments) throws UsageException, OperatorFailure {
        Optional<String> profile = arguments.option("profile");
        Optional<URI> endpoint = endpoint(arguments);
        boolean loopback = endpoint.map(PoolClient::isLoopback).orElse(false);
        AwsCredentialsProvider credentials;
        if (profile.isPresent()) {
            credentials = ProfileCredentialsProvider.create(profile.get());
        } else if (loopback) {
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOOPBACK_KEY, LOOPBACK_KEY));
        } else {
            credentials = DefaultCredentialsProvider.create();
        }
        if (!loopback || profile.isPresent()) {
            resolve(credentials, profile);
        }
        Region region = Region.of(arguments.option("region").orElseGet(() -> regionOf(arguments.userPoolId())));
        CognitoIdentityProviderClientBuilder builder = CognitoIdentityProviderClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Retries are ours (see call): one place that counts them and backs off throttling patiently.
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoint.ifPresent(builder::endpointOverride);
        return new PoolClient(builder.build(), arguments.userPoolId(), arguments.rate());
    }

    /** The Region a pool id names: pool ids are "<region>_<id>" (API reference, UserPoolId). */
    static String regionOf(String userPoolId) {
        return userPoolId.substring(0, userPoolId.lastIndexOf('_'));
    }

    private static Optional<URI> endpoint(Arguments arguments) throws UsageException {
        Optional<String> endpoint = arguments.option("endpoint-url");
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(endpoint.get());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint-url is not a URL: '" + endpoint.get() + "'.", arguments.command());
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new UsageException("--endpoint-url must be an absolute URL such as http://127.0.0.1:9229, but is '"
                    + endpoint.get() + "'.", arguments.command());
        }
        return Optional.of(uri);
    }

    /** 127.0.0.0/8, ::1 or localhost, decided without a DNS query. */
    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Resolves the credentials before the first call, so that a missing one is one sentence naming the fix rather
     * than the SDK's description of every provider in its chain.
     */
    private static void resolve(AwsCredentialsProvider credentials, Optional<String> profile) throws OperatorFailure {
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new OperatorFailure(profile
                    .map(name -> "The AWS profile '" + name + "' has no usable credentials: run `aws configure --profile "
                            + name + "` (or `aws sso login --profile " + name + "`), or pass another --profile.")
                    .orElse("No AWS credentials found: set AWS_PROFILE (or pass --profile) to a configured profile, run"
                            + " `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."));
        }
    }

    String userPoolId() {
        return userPoolId;
    }

    long calls() {
        return calls;
    }

    long pages() {
        return pages;
    }

    long retries() {
        return retries;
    }

    /** Every user of the pool, page by page (all attributes; ListUsers without a filter). */
    void forEachUser(Consumer<PoolUser> each) {
        forEachUser(each, last -> { });
    }

    /** As {@link #forEachUser(Consumer)}, telling {@code afterPage} after each page whether it was the last. */
    void forEachUser(Consumer<PoolUser> each, Consumer<Boolean> afterPage) {
        String token = null;
        do {
            String pageToken = token;
            ListUsersResponse page = call("ListUsers", () -> cognito.listUsers(request -> request
                    .userPoolId(userPoolId).limit(PAGE_SIZE).paginationToken(pageToken)));
            pages++;
            page.users().forEach(user -> each.accept(toPoolUser(user)));
            token = page.paginationToken();
            afterPage.accept(token == null || token.isEmpty());
        } while (token != null && !token.isEmpty());
    }

    /**
     * The users holding {@code email}, searched as the trigger searches (exact, then lower-cased when the exact
     * value found no native user: docs/cognito-facts.md#search-case).
     */
    List<PoolUser> usersWithEmail(String email) {
        List<PoolUser> found = listWhere(ListUsersFilter.emailEquals(email).orElseThrow());
        String lowerCased = EmailKey.of(email);
        if (found.stream().allMatch(PoolUser::isFederated) && !lowerCased.equals(email)) {
            List<PoolUser> more = listWhere(ListUsersFilter.emailEquals(lowerCased).orElseThrow());
            Map<String, PoolUser> merged = new LinkedHashMap<>();
            found.forEach(user -> merged.put(user.username(), user));
            more.forEach(user -> merged.put(user.username(), user));
            found = List.copyOf(merged.values());
        }
        return found;
    }

    /** The user named exactly {@code username}, if there is one. */
    Optional<PoolUser> user(String username) {
        return listWhere("username = \"" + escape(username) + "\"").stream()
                .filter(user -> user.username().equals(username))
                .findFirst();
    }

    private List<PoolUser> listWhere(String filter) {
        List<PoolUser> users = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            ListUsersResponse page = call("ListUsers", () -> cognito.listUsers(request -> request
                    .userPoolId(userPoolId).filter(filter).limit(PAGE_SIZE).paginationToken(pageToken)));
            pages++;
            page.users().forEach(user -> users.add(toPoolUser(user)));
            token = page.paginationToken();
        } while (token != null && !token.isEmpty() && users.size() < 10 * PAGE_SIZE);
        return users;
    }

    /** Whether the user has any MFA method (docs/cognito-facts.md#mfa-state-in-admin-get-user). */
    boolean mfaRegistered(String username) {
        return MfaState.registered(call("AdminGetUser", () -> cognito.adminGetUser(request -> request
                .userPoolId(userPoolId).username(username))));
    }

    List<String> groupsOf(String username) {
        List<String> groups = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            AdminListGroupsForUserResponse page = call("AdminListGroupsForUser", () -> cognito.adminListGroupsForUser(
                    request -> request.userPoolId(userPoolId).username(username).limit(60).nextToken(pageToken)));
            page.groups().stream().map(GroupType::groupName).forEach(groups::add);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return groups;
    }

    /** Deletes {@code username}; false when it was already gone (a rerun after a lost answer). */
    boolean deleteUser(String username) {
        try {
            call("AdminDeleteUser", () -> cognito.adminDeleteUser(request -> request.userPoolId(userPoolId)
                    .username(username)));
            return true;
        } catch (CallFailed failed) {
            if (failed.getCause() instanceof UserNotFoundException) {
                return false;
            }
            throw failed;
        }
    }

    /**
     * Links {@code providerName}/{@code subject} to the native user; false when Cognito says it is already linked
     * to that user (docs/cognito-facts.md#already-linked), which a resumed run treats as done.
     */
    boolean link(String destinationUsername, String providerName, String subject) {
        try {
            call("AdminLinkProviderForUser", () -> cognito.adminLinkProviderForUser(request -> request
                    .userPoolId(userPoolId)
                    .destinationUser(ProviderUserIdentifierType.builder()
                            .providerName("Cognito").providerAttributeValue(destinationUsername).build())
                    .sourceUser(ProviderUserIdentifierType.builder()
                            .providerName(providerName).providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(subject).build())));
            return true;
        } catch (CallFailed failed) {
            if (failed.getCause() instanceof InvalidParameterException invalid && invalid.getMessage() != null
                    && invalid.getMessage().toLowerCase(Locale.ROOT).contains("already linked")) {
                return false;
            }
            throw failed;
        }
    }

    /** Removes the link of {@code providerName}/{@code subject} (docs/cognito-facts.md#disable-provider). */
    void disableProvider(String providerName, String subject) {
        call("AdminDisableProviderForUser", () -> cognito.adminDisableProviderForUser(request -> request
                .userPoolId(userPoolId)
                .user(ProviderUserIdentifierType.builder().providerName(providerName)
                        .providerAttributeName("Cognito_Subject").providerAttributeValue(subject).build())));
    }

    void addToGroup(String username, String group) {
        call("AdminAddUserToGroup", () -> cognito.adminAddUserToGroup(request -> request.userPoolId(userPoolId)
                .username(username).groupName(group)));
    }

    /**
     * Sets one attribute of a user (AdminUpdateUserAttributes): the operator writes only custom:merge_unlinked,
     * which sends no message and needs no verification.
     */
    void updateAttribute(String username, String name, String value) {
        call("AdminUpdateUserAttributes", () -> cognito.adminUpdateUserAttributes(request -> request
                .userPoolId(userPoolId).username(username)
                .userAttributes(AttributeType.builder().name(name).value(value).build())));
    }

    /** Every identity provider's name (ListIdentityProviders, pages of 60). */
    List<String> identityProviderNames() {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            ListIdentityProvidersResponse page = call("ListIdentityProviders", () -> cognito.listIdentityProviders(
                    request -> request.userPoolId(userPoolId).maxResults(60).nextToken(pageToken)));
            page.providers().forEach(provider -> names.add(provider.providerName()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return names;
    }

    /** Every app client, described (ListUserPoolClients, then DescribeUserPoolClient for each). */
    List<UserPoolClientType> appClients() {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            ListUserPoolClientsResponse page = call("ListUserPoolClients", () -> cognito.listUserPoolClients(
                    request -> request.userPoolId(userPoolId).maxResults(60).nextToken(pageToken)));
            page.userPoolClients().forEach(client -> ids.add(client.clientId()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        List<UserPoolClientType> clients = new ArrayList<>();
        for (String id : ids) {
            clients.add(call("DescribeUserPoolClient", () -> cognito.describeUserPoolClient(request -> request
                    .userPoolId(userPoolId).clientId(id))).userPoolClient());
        }
        return clients;
    }

    UserPoolType describePool() {
        return call("DescribeUserPool", () -> cognito.describeUserPool(request -> request.userPoolId(userPoolId)))
                .userPool();
    }

    /** The provider as configured, or empty when the pool has no provider of that name. */
    Optional<IdentityProviderType> describeProvider(String providerName) {
        try {
            return Optional.of(call("DescribeIdentityProvider", () -> cognito.describeIdentityProvider(request -> request
                    .userPoolId(userPoolId).providerName(providerName))).identityProvider());
        } catch (CallFailed failed) {
            if (failed.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw failed;
        }
    }

    private <T> T call(String operation, Supplier<T> sdkCall) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            rate.acquire();
            calls++;
            try {
                return sdkCall.get();
            } catch (SdkException e) {
                boolean transientFailure = e instanceof TooManyRequestsException
                        || (e instanceof AwsServiceException service && service.statusCode() >= 500);
                if (!transientFailure || attempt >= MAX_ATTEMPTS) {
                    throw new CallFailed(operation, e);
                }
                retries++;
                sleep(backoff + (long) (Math.random() * backoff));
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static PoolUser toPoolUser(UserType user) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (AttributeType attribute : user.attributes()) {
            attributes.put(attribute.name(), attribute.value() == null ? "" : attribute.value());
        }
        return new PoolUser(user.username(), user.userStatusAsString(), Boolean.TRUE.equals(user.enabled()), attributes);
    }

    /** ListUsers filter value escaping (docs/cognito-facts.md#list-users-filter). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        cognito.close();
    }

    /** A Cognito call that failed for a reason retrying does not fix. */
    static final class CallFailed extends RuntimeException {

        private final String operation;

        CallFailed(String operation, SdkException cause) {
            super(operation + " failed: " + describe(cause), cause);
            this.operation = operation;
        }

        String operation() {
            return operation;
        }

        /**
         * Cognito's error code and message when it sent an AWS error; otherwise (a proxy's HTML page, an emulator's
         * plain-text 500, a connection that failed) the HTTP status, the exception and its root cause, so the line
         * never reads "null (null)".
         */
        static String describe(Throwable e) {
            if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                    && service.awsErrorDetails().errorCode() != null) {
                String message = service.awsErrorDetails().errorMessage();
                return service.awsErrorDetails().errorCode() + (message == null ? "" : " (" + message + ")");
            }
            StringBuilder text = new StringBuilder();
            if (e instanceof AwsServiceException service) {
                text.append("HTTP ").append(service.statusCode()).append(" without an AWS error code, ");
            }
            text.append(e.getClass().getSimpleName());
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e) {
                text.append(", caused by ").append(root.getClass().getSimpleName());
            }
            String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
            if (message != null && !message.isBlank()) {
                text.append(" (").append(firstLine(message)).append(')');
            }
            return text.toString();
        }

        private static String firstLine(String message) {
            String line = message.strip().lines().findFirst().orElse("");
            return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        }
    }
}
