package dev.cognitomerge.cognito;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;

/**
 * Finishes the client the Cognito extension configured (region, credentials, URL-connection HTTP client,
 * endpoint override) with the retry behaviour the trigger needs. Cognito's request quotas are low and
 * throttling comes in bursts, so calls use the SDK's standard strategy: 3 attempts with jittered
 * exponential backoff and a longer backoff for throttling. Per-request timeouts cap all of it at the
 * invocation's deadline (see {@link UserDirectory}). Pattern: quarkus-amazon-services "Overriding the
 * client configuration" (a producer that finishes the extension's builder).
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
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                .build());
    }
}
