package dev.cognitomerge.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognitomerge.standin.RequestQuotas.Category;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;

/** The stand-in's opt-in quota mode: Cognito's categories as shared token buckets, refusing as Cognito refuses. */
class RequestQuotasTest {

    final AtomicLong now = new AtomicLong();

    RequestQuotas.Builder withClock() {
        return RequestQuotas.builder().clock(now::get);
    }

    @Test
    void aCategoryAdmitsItsBurstThenOneRequestPerRefillInterval() {
        // GIVEN UserUpdate at 25/s with a burst of 25
        RequestQuotas quotas = withClock().build();

        // WHEN 30 links arrive at one instant, then 40 ms later one more, then 2 ms later another
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            admitted += quotas.tryAcquire("AdminLinkProviderForUser") ? 1 : 0;
        }
        now.addAndGet(40_000_000);
        boolean afterOneInterval = quotas.tryAcquire("AdminLinkProviderForUser");
        now.addAndGet(2_000_000);
        boolean tooSoon = quotas.tryAcquire("AdminLinkProviderForUser");

        // THEN the burst passes, the rest is refused, and the bucket refills at 25 tokens a second
        assertThat(admitted).isEqualTo(25);
        assertThat(afterOneInterval).isTrue();
        assertThat(tooSoon).isFalse();
        assertThat(quotas.throttled()).containsEntry("UserUpdate", 6L);
        assertThat(quotas.admitted()).containsEntry("UserUpdate", 26L);
    }

    @Test
    void operationsOfOneCategoryShareItsBucketAndOtherCategoriesAreUntouched() {
        RequestQuotas quotas = withClock().rate(Category.USER_UPDATE, 2, 2).build();

        assertThat(quotas.tryAcquire("AdminLinkProviderForUser")).isTrue();
        assertThat(quotas.tryAcquire("AdminSetUserPassword")).isTrue();
        assertThat(quotas.tryAcquire("AdminDeleteUser")).as("third UserUpdate call of the same instant").isFalse();
        assertThat(quotas.tryAcquire("ListUsers")).as("UserList has its own bucket").isTrue();
        assertThat(quotas.tryAcquire("DescribeUserPool")).as("outside the five categories: never throttled").isTrue();
    }

    @Test
    void theBackgroundLoadOfOtherApplicationsTakesItsShareOfTheRefillFirst() {
        // GIVEN other applications using 60 % of every category, and an empty UserList bucket
        RequestQuotas quotas = withClock().rate(Category.USER_LIST, 30, 1).backgroundShare(0.6).build();
        assertThat(quotas.tryAcquire("ListUsers")).isTrue();

        // WHEN one second passes, the trigger's callers asking 100 times at its end
        now.addAndGet(1_000_000_000L);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += quotas.tryAcquire("ListUsers") ? 1 : 0;
        }

        // THEN at most what is left refilled for them (the burst caps it at 1 here)
        assertThat(admitted).isEqualTo(1);
        assertThat(RequestQuotas.categoryOf("AdminGetUser")).contains(Category.USER_READ);
        assertThat(RequestQuotas.categoryOf("AdminListGroupsForUser")).contains(Category.USER_RESOURCE_READ);
        assertThat(RequestQuotas.categoryOf("AdminCreateUser")).contains(Category.USER_CREATION);
        assertThatThrownBy(() -> RequestQuotas.builder().backgroundShare(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrottledCallReachesTheSdkAsTooManyRequestsExceptionWithHttp400() throws Exception {
        // GIVEN the stand-in enforcing a UserList quota of one request with a burst of one
        try (CognitoStandIn standIn = CognitoStandIn.start("us-east-1_Quota01", 8);
                CognitoIdentityProviderClient client = CognitoIdentityProviderClient.builder()
                        .endpointOverride(standIn.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                        .build()) {
            standIn.enforceQuotas(RequestQuotas.builder().rate(Category.USER_LIST, 0.01, 1).build());

            // WHEN two ListUsers follow each other
            client.listUsers(request -> request.userPoolId("us-east-1_Quota01"));

            // THEN the second is refused as Cognito refuses it, and both are recorded
            assertThatThrownBy(() -> client.listUsers(request -> request.userPoolId("us-east-1_Quota01")))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
                    });
            assertThat(standIn.calls("ListUsers")).hasSize(2);
            assertThat(standIn.quotas().throttledTotal()).isEqualTo(1);

            // AND a reset leaves quota mode, as every other setting
            standIn.reset();
            assertThat(standIn.quotas()).isNull();
        }
    }
}
