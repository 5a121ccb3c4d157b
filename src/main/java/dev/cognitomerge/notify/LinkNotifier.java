package dev.cognitomerge.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.cognito.Deadline;
import dev.cognitomerge.config.MergeSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Tells an application that an identity was linked, so it can write to the account owner ("a new sign-in method
 * was added to your account"): one SNS message per link, on {@code merge.link-notification-topic-arn}. Off unless
 * that topic is set (a standard topic: docs/cognito-facts.md#sns-publish). A notification never decides anything: it is sent after the link, within what is left of the
 * invocation's time, and a failure is only reported (audit field, metric), never passed on to the sign-in.
 */
@ApplicationScoped
public class LinkNotifier {

    /** The audit value of a notification that went out. */
    public static final String SENT = "sent";
    /** Beyond this a slow SNS would only eat into the time Cognito waits for the answer. */
    static final Duration MAX_CALL_TIME = Duration.ofMillis(1000);
    static final Duration MIN_CALL_TIME = Duration.ofMillis(50);

    private final Optional<String> topicArn;
    private final SnsClient sns;
    private final ObjectMapper json;

    @Inject
    public LinkNotifier(MergeSettings settings, CognitoIdentityProviderClient cognito, ObjectMapper json) {
        // Same region and credentials as the Cognito client: one role, one region, nothing more to configure.
        this(settings.linkNotificationTopicArn(), settings.linkNotificationTopicArn().isEmpty() ? null
                : SnsClient.builder()
                        .region(cognito.serviceClientConfiguration().region())
                        .credentialsProvider(cognito.serviceClientConfiguration().credentialsProvider())
                        .httpClient(UrlConnectionHttpClient.create())
                        // 3 attempts with jittered backoff, as for Cognito; the per-call timeout caps them all.
                        .overrideConfiguration(override -> override
                                .retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
                        .applyMutation(builder -> settings.linkNotificationEndpointOverride()
                                .ifPresent(builder::endpointOverride))
                        .build(), json);
    }

    LinkNotifier(Optional<String> topicArn, SnsClient sns, ObjectMapper json) {
        this.topicArn = topicArn;
        this.sns = sns;
        this.json = json;
    }

    /** A notifier that never sends (priming, hand-built handlers). */
    public static LinkNotifier disabled() {
        return new LinkNotifier(Optional.empty(), null, null);
    }

    /**
     * Sends the notice of one link. Returns {@code null} when notifications are off, {@link #SENT}, or
     * {@code "failed-<reason>"} (a secret-free name for the audit record). Never throws.
     *
     * @param destination the native username as the audit record shows it (masked when it is an email)
     */
    public String linked(String userPoolId, String provider, String destination, Instant time, Deadline deadline) {
        if (topicArn.isEmpty()) {
            return null;
        }
        Duration left = deadline.remaining();
        if (left.compareTo(MIN_CALL_TIME) < 0) {
            return "failed-no-time-left";
        }
        Duration budget = left.compareTo(MAX_CALL_TIME) < 0 ? left : MAX_CALL_TIME;
        try {
            String message = message(userPoolId, provider, destination, time);
            sns.publish(request -> request
                    .topicArn(topicArn.get())
                    .message(message)
                    .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                            .apiCallTimeout(budget)
                            .apiCallAttemptTimeout(budget)
                            .build()));
            return SENT;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return "failed-" + (code != null && !code.isBlank() ? code : "http-" + e.statusCode());
        } catch (SdkException | JsonProcessingException e) {
            return "failed-" + e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            // Whatever goes wrong here, the link is made and the sign-in must go on.
            return "failed-" + e.getClass().getSimpleName();
        }
    }

    private String message(String userPoolId, String provider, String destination, Instant time)
            throws JsonProcessingException {
        ObjectNode message = json.createObjectNode();
        message.put("event", "identity-linked");
        message.put("userPoolId", userPoolId);
        message.put("provider", provider);
        message.put("destination", destination);
        message.put("time", time.toString());
        return json.writeValueAsString(message);
    }

    @PreDestroy
    void close() {
        if (sns != null) {
            sns.close();
        }
    }
}
