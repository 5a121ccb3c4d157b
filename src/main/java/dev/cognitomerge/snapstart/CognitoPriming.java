package dev.cognitomerge.snapstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.PreSignUpHandler;
import dev.cognitomerge.SignUpRefusedException;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.audit.AuditRecord;
import dev.cognitomerge.cognito.CallCounter;
import dev.cognitomerge.cognito.CognitoClientProducer;
import dev.cognitomerge.cognito.CognitoUnavailableException;
import dev.cognitomerge.cognito.Deadline;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.FederatedIdentity;
import dev.cognitomerge.decision.LinkResult;
import dev.cognitomerge.decision.ProviderTrust;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Runs the code a first sign-up needs — JDK TLS set-up, the AWS SDK's Cognito client, marshalling, SigV4 signing,
 * the URL-connection HTTP client, unmarshalling and error mapping, and {@link UserDirectory} on top — once, so its
 * classes are loaded and initialised before a real event arrives. Nothing reaches Cognito: the requests go to a
 * {@link LoopbackCognito} on 127.0.0.1, signed with throw-away static credentials (the function's own credentials
 * are never resolved, so none can end up in a SnapStart snapshot), to a pool id that cannot exist.
 */
public final class CognitoPriming {

    private static final Duration BUDGET = Duration.ofSeconds(3);

    private CognitoPriming() {
    }

    /**
     * Initialises the JDK's TLS provider and loads its default trust store, which the JDK then keeps: the SDK's
     * HTTP client builds the same default trust managers when it is created.
     */
    public static void warmTls() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init((KeyStore) null);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        tls.getSocketFactory();
    }

    /**
     * Sends ListUsers, AdminGetUser and AdminListGroupsForUser (a user without MFA or groups),
     * AdminLinkProviderForUser (answered 200) and AdminLinkProviderForUser again (answered
     * "already linked") through {@link UserDirectory} and a throw-away client configured like the function's
     * (same retry strategy, URL-connection HTTP client), against a loopback responder. Needs no CDI: safe to run
     * before Quarkus has started.
     *
     * @throws IOException if the loopback responder cannot start, or the calls did not go as scripted
     */
    public static void primeSdk() throws IOException {
        withLoopbackDirectory(directory -> {
            Deadline deadline = Deadline.of(BUDGET, Duration.ZERO, Duration.ZERO, System::nanoTime);
            CallCounter calls = new CallCounter();
            FederatedIdentity identity = new FederatedIdentity("Priming", "priming-subject");
            int found = directory.findByEmail(LoopbackCognito.USER_POOL, LoopbackCognito.EMAIL, deadline, calls)
                    .size();
            boolean protectedOwner = directory.protection(LoopbackCognito.USER_POOL, LoopbackCognito.USERNAME, true,
                    deadline, calls).mfaRegistered();
            LinkResult first = directory.link(LoopbackCognito.USER_POOL, identity, LoopbackCognito.USERNAME,
                    deadline, calls);
            LinkResult second = directory.link(LoopbackCognito.USER_POOL, identity, LoopbackCognito.USERNAME,
                    deadline, calls);
            if (found != 1 || protectedOwner || first != LinkResult.LINKED || second != LinkResult.ALREADY_LINKED) {
                throw new IOException("priming answers were not read as scripted: " + found + " users, "
                        + (protectedOwner ? "MFA, " : "") + first + ", " + second);
            }
        });
    }

    /**
     * A whole invocation: a synthetic first federated sign-in for one of the configured providers, through
     * {@link PreSignUpHandler} (event parsing, the decision, {@link UserDirectory}, the audit record) with the
     * loopback directory behind it and an audit writer that discards its line, then the "already linked" error
     * path. Needs the started application's settings and JSON mapper.
     *
     * @return the outcome code of the synthetic event ("linked" when the configured policy links it)
     */
    public static String primeInvocation(MergeSettings settings, ObjectMapper json) throws IOException {
        String[] outcome = new String[1];
        withLoopbackDirectory(directory -> {
            AuditLog discard = new AuditLog(json, settings) {
                @Override
                public void record(AuditRecord record) {
                    outcome[0] = record.outcome();
                    super.record(record); // builds the line, then emit() drops it
                }

                @Override
                protected void emit(String line) {
                }
            };
            PreSignUpHandler handler = new PreSignUpHandler(settings, directory, discard, json);
            byte[] event = json.writeValueAsBytes(syntheticEvent(settings, json));
            try {
                handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
            } catch (SignUpRefusedException refused) {
                // the configured policy refused the synthetic sign-in; the code ran all the same
            }
            Deadline deadline = Deadline.of(BUDGET, Duration.ZERO, Duration.ZERO, System::nanoTime);
            directory.link(LoopbackCognito.USER_POOL, new FederatedIdentity("Priming", "priming-subject"),
                    LoopbackCognito.USERNAME, deadline, new CallCounter());
        });
        return outcome[0];
    }

    private static ObjectNode syntheticEvent(MergeSettings settings, ObjectMapper json) {
        String provider = settings.policy().providerNames().get(0);
        ObjectNode event = json.createObjectNode();
        event.put("version", "1");
        event.put("region", "us-east-1");
        event.put("userPoolId", LoopbackCognito.USER_POOL);
        event.put("userName", provider + "_priming-subject");
        event.put("triggerSource", "PreSignUp_ExternalProvider");
        ObjectNode attributes = event.putObject("request").putObject("userAttributes");
        attributes.put("email", LoopbackCognito.EMAIL);
        attributes.put("email_verified", "true");
        settings.trust().providerTrust(provider).map(ProviderTrust::subjectAttribute)
                .orElse(settings.policy().subjectAttribute())
                .ifPresent(name -> attributes.put(name, "priming-subject"));
        event.putObject("response").put("autoConfirmUser", false);
        return event;
    }

    private static void withLoopbackDirectory(DirectoryWork work) throws IOException {
        try (LoopbackCognito cognito = new LoopbackCognito();
                CognitoIdentityProviderClient client = CognitoClientProducer.configure(
                        CognitoIdentityProviderClient.builder())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("priming", "priming")))
                        .endpointOverride(cognito.endpoint())
                        .httpClient(UrlConnectionHttpClient.builder().build())
                        .build()) {
            work.run(new UserDirectory(client, new ObjectMapper()));
        } catch (CognitoUnavailableException e) {
            throw new IOException("priming call failed: " + e.detail(), e);
        }
    }

    @FunctionalInterface
    private interface DirectoryWork {
        void run(UserDirectory directory) throws IOException, CognitoUnavailableException;
    }
}
