package dev.cognitomerge.cognito;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;

/**
 * Finishes the client the Cognito extension configured (region, credentials, URL-connection HTTP client,
 * endpoint override) with the retry behaviour the trigger needs: the SDK's standard strategy (3 attempts, jittered
 * exponential backoff) for server errors, broken connections and attempt timeouts, but not for throttling.
 * Cognito's request quotas are per account and shared, and the standard strategy's throttling backoff (full jitter
 * from 1 s) would hold an instance for seconds without knowing the invocation's deadline; {@link UserDirectory}
 * retries a throttled call itself, with a shorter full jitter, only while the budget allows, and counts it
 * (CognitoThrottles). Per-request timeouts cap all of it at the invocation's deadline. Pattern:
 * quarkus-amazon-services "Overriding the client configuration" (a producer that finishes the extension's builder).
 */
@ApplicationScoped
public class CognitoClientProducer {

    // Built at start, not on first use: built lazily, the first sign-in paid for it (0.4 s, up to 4 s on a
    // busy 2-core machine) inside its time budget but outside every SDK timeout. Guarded by
    // hardening/UnreachableCognitoTest.
    @Produces
    @Startup
    @ApplicationScoped
    CognitoIdentityProviderClient cognito(CognitoIdentityProviderClientBuilder builder) {
        return configure(builder).build();
    }

    /** Adds the retry strategy to whatever override configuration the extension already set. */
    public static CognitoIdentityProviderClientBuilder configure(CognitoIdentityProviderClientBuilder builder) {
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder override = current == null
                ? ClientOverrideConfiguration.builder()
                : current.toBuilder();
        return builder.overrideConfiguration(override
                .retryStrategy(new ThrottlingNotRetried(AwsRetryStrategy.standardRetryStrategy()))
                .build());
    }

    /** The standard strategy, except that a throttled attempt ends the SDK's retries: the caller decides. */
    static final class ThrottlingNotRetried implements RetryStrategy {
        private final RetryStrategy standard;

        ThrottlingNotRetried(RetryStrategy standard) {
            this.standard = standard;
        }

        @Override
        public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
            return standard.acquireInitialToken(request);
        }

        @Override
        public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
            if (request.failure() instanceof SdkException failure && UserDirectory.isThrottling(failure)) {
                throw new TokenAcquisitionFailedException("throttling is retried by UserDirectory", request.token(),
                        request.failure());
            }
            return standard.refreshRetryToken(request);
        }

        @Override
        public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
            return standard.recordSuccess(request);
        }

        @Override
        public int maxAttempts() {
            return standard.maxAttempts();
        }

        @Override
        public Builder<?, ?> toBuilder() {
            // Rebuilding from the standard strategy's builder would drop this rule; nothing here rebuilds it
            // (useClientDefaults() is false), and ThrottlingTest counts the calls a throttled operation makes.
            return standard.toBuilder();
        }
    }
}
