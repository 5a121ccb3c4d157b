package dev.cognitomerge.snapstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * SnapStart priming. When Lambda initialises a published version with SnapStart on
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), the runtime calls this resource's
 * {@link #beforeCheckpoint} after init and before it takes the snapshot. The function's real Cognito client
 * already exists by then ({@code CognitoClientProducer} builds it at start; no request is sent and no
 * credentials are resolved, both happen at the first sign-up), so priming runs one synthetic sign-up through
 * the handler, the SDK and the URL-connection HTTP client against a loopback responder ({@link CognitoPriming}), so what a restored environment needs is already loaded, linked and
 * initialised in the snapshot instead of on the first user's clock. Nothing reaches Cognito; no thread or socket
 * survives priming. On-demand starts never register it.
 *
 * <p>The managed Java runtime delivers the hooks through the {@code org.crac} API
 * ({@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}); Quarkus has already started the
 * application by then ({@code quarkus.snapstart.*} defaults for the Lambda extension), so the settings and the
 * beans exist. Priming is an optimisation: a failure is logged and the snapshot is taken anyway.
 * {@code MERGE_SNAPSTART_PRIMING=false} turns it off.
 */
@Startup
@ApplicationScoped
public class SnapStartPriming implements Resource {

    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String SNAP_START = "snap-start";
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    @Inject
    MergeSettings settings;

    @Inject
    ObjectMapper json;

    /** Registers the hooks in a SnapStart init only. The bean (application scoped) keeps the resource reachable. */
    @PostConstruct
    void registerWhenSnapStartIsOn() {
        if (SNAP_START.equals(System.getenv(INITIALIZATION_TYPE)) && settings.snapstartPriming()) {
            Core.getGlobalContext().register(this);
            LOG.debug("SnapStart: priming registered");
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            CognitoPriming.warmTls();
            String outcome = CognitoPriming.primeInvocation(settings, json);
            LOG.infof("SnapStart priming done in %d ms (synthetic sign-up: %s; nothing sent to Cognito)",
                    (System.nanoTime() - started) / 1_000_000, outcome);
        } catch (Exception | LinkageError e) {
            LOG.warnf(e, "SnapStart priming failed after %d ms; the snapshot is taken unprimed",
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: priming left no connection, thread or credential behind.
    }
}
