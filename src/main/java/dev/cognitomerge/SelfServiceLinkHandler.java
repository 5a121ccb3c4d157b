package dev.cognitomerge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.audit.EmailMask;
import dev.cognitomerge.audit.SelfServiceAuditRecord;
import dev.cognitomerge.cognito.CallCounter;
import dev.cognitomerge.cognito.CognitoUnavailableException;
import dev.cognitomerge.cognito.Deadline;
import dev.cognitomerge.cognito.LinkRefusedException;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.config.SelfServiceSettings;
import dev.cognitomerge.config.SelfServiceSettings.ProviderTokens;
import dev.cognitomerge.decision.IdentityProof;
import dev.cognitomerge.decision.NativeSignIn;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.SelfServiceReason;
import dev.cognitomerge.decision.SelfServiceRules;
import dev.cognitomerge.decision.SelfServiceStep;
import dev.cognitomerge.decision.SelfServiceStep.Answer;
import dev.cognitomerge.decision.SelfServiceStep.CheckProfile;
import dev.cognitomerge.decision.SelfServiceStep.Link;
import dev.cognitomerge.decision.SelfServiceStep.ReadAccount;
import dev.cognitomerge.http.HttpApiRequest;
import dev.cognitomerge.http.HttpApiResponse;
import dev.cognitomerge.http.InvalidRequestException;
import dev.cognitomerge.notify.LinkNotifier;
import dev.cognitomerge.token.IdTokenVerifier;
import dev.cognitomerge.token.IdTokenVerifier.Expectation;
import dev.cognitomerge.token.IssuerKeys;
import dev.cognitomerge.token.Issuers;
import dev.cognitomerge.token.KeysUnavailableException;
import dev.cognitomerge.token.TokenRejectedException;
import io.quarkus.logging.Log;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Self-service linking ({@code QUARKUS_LAMBDA_HANDLER=self-service-link}), behind an HTTP API or a function URL
 * (payload format 2.0): a person signed in to their native account a moment ago and has just signed in to the IdP;
 * the application posts both ID tokens, and the identity is linked at once. Parse → verify both tokens → decide
 * ({@link SelfServiceRules}) → act ({@link UserDirectory}) → answer; every path writes one audit line, and no path
 * answers with a stack trace. docs/self-service-link.md has the flow, the answers and the threat model.
 */
@Named(SelfServiceSettings.HANDLER)
public class SelfServiceLinkHandler implements RequestStreamHandler {

    /** Well inside API Gateway's 30 s integration limit and the module's Lambda timeout. */
    static final Duration TIME_BUDGET = Duration.ofSeconds(8);

    private final SelfServiceSettings settings;
    private final MergeSettings merge;
    private final UserDirectory directory;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final LinkNotifier notifier;
    private final IdTokenVerifier verifier;
    private final Issuers issuers;

    @Inject
    public SelfServiceLinkHandler(SelfServiceSettings settings, MergeSettings merge, UserDirectory directory,
            AuditLog audit, ObjectMapper json, LinkNotifier notifier, Issuers issuers) {
        this.settings = settings;
        this.merge = merge;
        this.directory = directory;
        this.audit = audit;
        this.json = json;
        this.notifier = notifier;
        this.verifier = new IdTokenVerifier(json);
        this.issuers = issuers;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Exchange exchange = new Exchange(System.nanoTime(), remainingTime(context));
        HttpApiResponse response = exchange.run(input.readAllBytes());
        if (exchange.audited) {
            audit.record(exchange.auditRecord(response.status()));
        }
        output.write(response.toBytes(json));
    }

    private static Duration remainingTime(Context context) {
        return context == null ? Duration.ZERO : Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    /** The HTTP status of each answer. */
    static int status(SelfServiceReason reason) {
        return switch (reason) {
            case LINKED, ALREADY_LINKED, DRY_RUN -> 200;
            case INVALID_REQUEST, UNKNOWN_PROVIDER -> 400;
            case INVALID_TOKEN, STALE_SIGN_IN -> 401;
            case ORIGIN_NOT_ALLOWED, NOT_A_NATIVE_SIGN_IN, CANDIDATE_NOT_QUALIFIED, EMAIL_NOT_VERIFIED -> 403;
            case EMAIL_MISMATCH, UNLINKED_BY_OPERATOR, PROVIDER_ALREADY_LINKED, LINK_LIMIT_REACHED,
                    IDENTITY_HAS_PROFILE, LINK_REFUSED -> 409;
            case UNAVAILABLE -> 503;
            case INTERNAL_ERROR -> 500;
        };
    }

    private IssuerKeys keysOf(String issuer) {
        return issuers.of(issuer);
    }

    /** One request, and what the audit line needs to tell about it. */
    private final class Exchange {
        private final long started;
        private final Deadline deadline;
        private final CallCounter counter = new CallCounter();
        private boolean audited = true;
        private Outcome outcome = Outcome.REFUSED;
        private SelfServiceReason reason = SelfServiceReason.INTERNAL_ERROR;
        private String provider;
        private String destination;
        private String email;
        private String failure;
        private String notification;
        private Map<String, String> cors = Map.of();

        Exchange(long started, Duration lambdaRemaining) {
            this.started = started;
            this.deadline = Deadline.of(TIME_BUDGET, lambdaRemaining, merge.deadlineMargin(), System::nanoTime);
        }

        HttpApiResponse run(byte[] event) {
            try {
                return handle(HttpApiRequest.parse(json, event));
            } catch (InvalidRequestException e) {
                failure = e.getMessage();
                return refusal(SelfServiceReason.INVALID_REQUEST, e.status());
            } catch (RuntimeException e) {
                Log.errorf(e, "Unexpected error in a self-service link request");
                failure = e.getClass().getSimpleName();
                return refusal(SelfServiceReason.INTERNAL_ERROR, 500);
            }
        }

        private HttpApiResponse handle(HttpApiRequest request) throws InvalidRequestException {
            Optional<String> origin = request.header("origin");
            if (origin.isPresent()) {
                if (!settings.allowedOrigins().contains(origin.get())) {
                    failure = "origin";
                    return refusal(SelfServiceReason.ORIGIN_NOT_ALLOWED, 403);
                }
                cors = Map.of("access-control-allow-origin", origin.get(), "vary", "origin");
            }
            if (request.method().equals("OPTIONS")) {
                // A preflight (a function URL without CORS configuration): answered, not audited.
                audited = false;
                return new HttpApiResponse(204, Map.of("access-control-allow-methods", "POST, OPTIONS",
                        "access-control-allow-headers", "authorization, content-type",
                        "access-control-max-age", "600"), null).withHeaders(cors);
            }
            if (!request.method().equals("POST")) {
                failure = "method";
                return refusal(SelfServiceReason.INVALID_REQUEST, 405).withHeaders(Map.of("allow", "POST, OPTIONS"));
            }
            String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.equals("application/json") && !contentType.startsWith("application/json;")) {
                throw new InvalidRequestException(415, "content-type");
            }
            JsonNode body;
            try {
                body = json.readTree(request.body());
            } catch (IOException e) {
                throw new InvalidRequestException(400, "body-not-json");
            }
            if (body == null || !body.isObject() || !body.path("provider").isTextual()
                    || !body.path("token").isTextual()) {
                throw new InvalidRequestException(400, "body-fields");
            }
            String cognitoToken = bearer(request.header("authorization"));
            if (cognitoToken == null) {
                failure = "cognito-token:missing";
                return refusal(SelfServiceReason.INVALID_TOKEN, 401);
            }
            SelfServiceRules rules = settings.rules();
            Optional<String> configured = rules.provider(body.path("provider").asText());
            if (configured.isEmpty()) {
                failure = "provider";
                return refusal(SelfServiceReason.UNKNOWN_PROVIDER, 400);
            }
            provider = configured.get();
            ProviderTokens providerTokens = settings.providers().get(provider);
            Instant now = Instant.now();
            NativeSignIn signIn;
            IdentityProof proof;
            String stage = "cognito-token";
            try {
                JWTClaimsSet cognito = verifier.verify(cognitoToken, new Expectation(keysOf(settings.cognitoIssuer()),
                        settings.clientIds(), true, SelfServiceSettings.CLOCK_SKEW), now);
                signIn = nativeSignIn(cognito);
                stage = "identity-token";
                JWTClaimsSet identity = verifier.verify(body.path("token").asText(), new Expectation(
                        keysOf(providerTokens.issuer()), providerTokens.audiences(), false,
                        SelfServiceSettings.CLOCK_SKEW), now);
                proof = identityProof(provider, identity);
            } catch (TokenRejectedException e) {
                failure = stage + ":" + e.detail();
                return refusal(SelfServiceReason.INVALID_TOKEN, 401);
            } catch (KeysUnavailableException e) {
                failure = stage + ":" + e.detail();
                return refusal(SelfServiceReason.UNAVAILABLE, 503);
            }
            email = proof.email().map(EmailMask::mask).orElse(null);
            return answer(decide(rules, signIn, proof, now));
        }

        private Answer decide(SelfServiceRules rules, NativeSignIn signIn, IdentityProof proof, Instant now) {
            String poolId = settings.userPoolId();
            SelfServiceStep step = rules.check(signIn, proof, now);
            try {
                if (step instanceof ReadAccount read) {
                    step = rules.afterRead(read, directory.account(poolId, read.username(), deadline, counter));
                }
                if (step instanceof CheckProfile check) {
                    step = rules.afterProfileCheck(check,
                            directory.hasFederatedProfile(poolId, check.identity(), deadline, counter));
                }
                if (step instanceof Link link) {
                    try {
                        step = rules.afterLink(link, directory.linkProven(poolId, link.identity(), link.username(),
                                deadline, counter));
                    } catch (LinkRefusedException e) {
                        failure = e.getMessage();
                        step = rules.linkRefused(link);
                    }
                }
            } catch (CognitoUnavailableException e) {
                failure = e.detail();
                return Answer.refused(SelfServiceReason.UNAVAILABLE);
            }
            return (Answer) step;
        }

        private HttpApiResponse answer(Answer answer) {
            outcome = answer.outcome();
            reason = answer.reason();
            destination = masked(answer.destination());
            if (answer.outcome() == Outcome.LINKED) {
                notification = notifier.linked(settings.userPoolId(), provider, destination, Instant.now(), deadline);
                ObjectNode body = json.createObjectNode();
                body.put("linked", true);
                body.put("provider", provider);
                body.put("destination", destination);
                return new HttpApiResponse(200, cors, body);
            }
            if (!answer.refuses()) {
                ObjectNode body = json.createObjectNode();
                body.put("linked", false);
                body.put("reason", answer.reason().code());
                return new HttpApiResponse(200, cors, body);
            }
            return refusal(answer.reason(), status(answer.reason()));
        }

        private HttpApiResponse refusal(SelfServiceReason refused, int status) {
            outcome = Outcome.REFUSED;
            reason = refused;
            ObjectNode body = json.createObjectNode();
            body.put("error", refused.code());
            body.put("message", refused.message());
            Map<String, String> headers = status == 401
                    ? Map.of("www-authenticate", "Bearer error=\"invalid_token\"")
                    : status == 503 ? Map.of("retry-after", "5") : Map.of();
            return new HttpApiResponse(status, headers, body).withHeaders(cors);
        }

        SelfServiceAuditRecord auditRecord(int status) {
            return new SelfServiceAuditRecord(outcome.code(), reason.code(), status, provider, destination, email,
                    merge.policy().dryRun(), counter.calls(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), failure, notification);
        }
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme in any case, RFC 6750 2.1), or null. */
    static String bearer(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        if (value.length() < 8 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() || token.contains(",") ? null : token;
    }

    /** A native username that is an email is masked like one (pools whose usernames are emails). */
    static String masked(String username) {
        return username != null && username.indexOf('@') >= 0 ? EmailMask.mask(username) : username;
    }

    static NativeSignIn nativeSignIn(JWTClaimsSet claims) throws TokenRejectedException {
        try {
            String username = claims.getStringClaim("cognito:username");
            if (username == null || username.isBlank()) {
                throw new TokenRejectedException("no-cognito-username");
            }
            // Any identities claim, even empty: the sign-in went through an IdP (docs/cognito-facts.md#id-token-native-sign-in).
            boolean federated = claims.getClaims().containsKey("identities");
            return new NativeSignIn(username, Optional.ofNullable(IdTokenVerifier.instant(claims, "auth_time")),
                    federated);
        } catch (ParseException e) {
            throw new TokenRejectedException("cognito-username-not-text");
        }
    }

    static IdentityProof identityProof(String provider, JWTClaimsSet claims) throws TokenRejectedException {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException("no-subject");
        }
        Object email = claims.getClaim("email");
        Object verified = claims.getClaim("email_verified");
        // The IdP asserts email_verified as a JSON boolean or as the text true/false; anything else is "not verified".
        Optional<Boolean> emailVerified = verified instanceof Boolean flag ? Optional.of(flag)
                : verified instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))
                        ? Optional.of(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT))) : Optional.empty();
        Instant authenticated = IdTokenVerifier.instant(claims, "auth_time");
        if (authenticated == null) {
            authenticated = IdTokenVerifier.instant(claims, "iat");
        }
        return new IdentityProof(provider, subject, email instanceof String text ? Optional.of(text) : Optional.empty(),
                emailVerified, authenticated);
    }
}
