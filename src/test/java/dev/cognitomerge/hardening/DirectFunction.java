package dev.cognitomerge.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.PreSignUpHandler;
import dev.cognitomerge.SignUpRefusedException;
import dev.cognitomerge.cognito.CognitoClientProducer;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeConfig;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.notify.LinkNotifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The function's own classes wired by hand, without Quarkus: the handler, the rules from a hand-written
 * config, and the real SDK client (same retry strategy as the producer) pointed at a stand-in. Fast enough
 * for property runs of hundreds of events; the Lambda plumbing is covered by the {@code @QuarkusTest}s.
 */
final class DirectFunction implements AutoCloseable {

    /** What one invocation ended in: the bytes written, or the refusal thrown, or something else thrown. */
    record Answer(byte[] output, SignUpRefusedException refusal, Throwable unexpected) {
    }

    final ObjectMapper json = new ObjectMapper();
    final RecordingAuditLog audit;
    private final CognitoIdentityProviderClient client;
    private final PreSignUpHandler handler;
    private final UserDirectory directory;

    final MergeSettings settings;

    DirectFunction(URI cognito, MergeConfig config) {
        MergeSettings settings = new MergeSettings(config);
        this.settings = settings;
        this.client = CognitoClientProducer.configure(CognitoIdentityProviderClient.builder()
                        .endpointOverride(cognito)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("test-only", "test-only")))
                        .httpClient(UrlConnectionHttpClient.create()))
                .build();
        this.audit = new RecordingAuditLog(json, settings);
        // The link notifier only when a topic is set (it then talks to the endpoint override, e.g. an SNS stand-in).
        this.directory = new UserDirectory(client, json);
        this.handler = new PreSignUpHandler(settings, directory, audit, json,
                settings.linkNotificationTopicArn().isPresent() ? new LinkNotifier(settings, client, json)
                        : LinkNotifier.disabled());
    }

    Answer invoke(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new StubContext(Duration.ofSeconds(5)));
            return new Answer(out.toByteArray(), null, null);
        } catch (SignUpRefusedException refusal) {
            return new Answer(null, refusal, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            return new Answer(null, null, e);
        }
    }

    /** Forgets the pool shapes the directory cached (a test that changes the stand-in pool's description). */
    void forgetPoolShapes() {
        directory.forgetUsernameShapes();
    }

    @Override
    public void close() {
        client.close();
    }
}
