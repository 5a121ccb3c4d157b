package dev.cognitomerge.standin;

import dev.cognitomerge.cognito.CognitoClientProducer;
import io.quarkus.arc.profile.IfBuildProfile;
import org.jboss.logging.Logger;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;

/**
 * Dev mode only ({@code ./mvnw quarkus:dev}): starts the in-memory Cognito stand-in on loopback, seeded
 * from a JSON file, and points the function's Cognito client at it, so the function runs with no AWS
 * account, credentials or network. The build removes this bean from every other profile, and the
 * packaging leaves the whole stand-in package out of the artifact.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevCognitoStandIn {

    // A plain JBoss logger: Quarkus rewrites classes that use io.quarkus.logging.Log, and a rewritten
    // class bypasses the jar's ignored-entries list.
    private static final Logger LOG = Logger.getLogger(DevCognitoStandIn.class);

    // Field injection and the implicit constructor keep ArC from rewriting the class (see LOG).
    @ConfigProperty(name = "stand-in.seed", defaultValue = "src/standin/dev-users.json")
    String seed;

    @ConfigProperty(name = "stand-in.port", defaultValue = "0")
    int port;

    private CognitoStandIn standIn;

    /** Replaces the production client in dev mode; same retry settings, stand-in endpoint. */
    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    CognitoIdentityProviderClient devCognito(CognitoIdentityProviderClientBuilder builder) {
        return CognitoClientProducer.configure(builder).endpointOverride(standIn().endpoint()).build();
    }

    /** Starts the stand-in with the application, so its address and users show in the first log lines. */
    void onStart(@Observes StartupEvent event) {
        standIn();
    }

    /** Where the stand-in listens (for tests and the startup log). */
    public java.net.URI endpoint() {
        return standIn().endpoint();
    }

    synchronized CognitoStandIn standIn() {
        if (standIn == null) {
            try (InputStream users = openSeed()) {
                standIn = CognitoStandIn.start(users, port);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the Cognito stand-in from seed " + seed, e);
            }
            standIn.log(LOG::info);
            LOG.infof("Cognito stand-in for pool %s on %s (users: %s/_standin/users); seed %s", standIn.userPoolId(),
                    standIn.endpoint(), standIn.endpoint(), seed);
        }
        return standIn;
    }

    /** Forgets every change and loads the seed again, as a restart of quarkus:dev does (tests run a page twice). */
    public synchronized void reseed() {
        CognitoStandIn running = standIn();
        running.reset();
        try (InputStream users = openSeed()) {
            running.load(users);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reload the Cognito stand-in from seed " + seed, e);
        }
    }

    /** A file path (relative to the project in dev mode), else a class-path resource. */
    private InputStream openSeed() throws IOException {
        Path file = Path.of(seed);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream resource = Thread.currentThread().getContextClassLoader().getResourceAsStream(seed);
        if (resource == null) {
            throw new IOException("no file or class-path resource named " + seed);
        }
        return resource;
    }

    @PreDestroy
    synchronized void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
