package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.cognito.CallCounter;
import dev.cognitomerge.cognito.CognitoClientProducer;
import dev.cognitomerge.cognito.CognitoUnavailableException;
import dev.cognitomerge.cognito.Deadline;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The deadline running out between "is there time for this call?" and the call itself: a GC pause or a slow
 * first use of the client can take that long. The SDK rejects a zero apiCallTimeout with an
 * IllegalArgumentException, which used to end the event as an internal error; the call now gets the time
 * measured at the check. A clock that jumps 2 s at every reading makes the race certain.
 */
class DeadlineRaceTest {

    static CognitoStandIn standIn;
    static CognitoIdentityProviderClient client;
    static UserDirectory directory;

    @BeforeAll
    static void start() throws IOException {
        standIn = CognitoStandIn.start("us-east-1_Race");
        standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
        client = CognitoClientProducer.configure(CognitoIdentityProviderClient.builder()
                        .endpointOverride(standIn.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                        .httpClient(UrlConnectionHttpClient.create()))
                .build();
        directory = new UserDirectory(client, new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        client.close();
        standIn.close();
    }

    /** 0 when the deadline is set, then {@code step} later at every reading. */
    static LongSupplier jumpingClock(Duration step) {
        AtomicLong readings = new AtomicLong();
        return () -> readings.getAndIncrement() * step.toNanos();
    }

    @Test
    void aCallStartedWithTimeLeftIsMadeEvenIfTheDeadlinePassesWhileItIsPrepared() throws Exception {
        // GIVEN 4 s: 2 s left at the check (plenty for a loopback call), none a moment later
        Deadline deadline = Deadline.of(Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO,
                jumpingClock(Duration.ofSeconds(2)));

        // WHEN the search runs THEN it is made with the time left at the check, not failed as a bug
        assertThat(directory.findByEmail("us-east-1_Race", "jane@example.com", deadline, new CallCounter()))
                .hasSize(1);
    }

    @Test
    void aCallWithNoTimeLeftIsNotStartedAndSaysSo() {
        Deadline deadline = Deadline.of(Duration.ofSeconds(2), Duration.ZERO, Duration.ZERO,
                jumpingClock(Duration.ofSeconds(2)));
        int callsBefore = standIn.calls().size();

        assertThatThrownBy(() -> directory.findByEmail("us-east-1_Race", "jane@example.com", deadline, new CallCounter()))
                .isInstanceOfSatisfying(CognitoUnavailableException.class,
                        e -> assertThat(e.detail()).isEqualTo("list-users-no-time-left"));
        assertThat(standIn.calls()).hasSize(callsBefore);
    }
}
