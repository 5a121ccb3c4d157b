package dev.cognitomerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.standin.CognitoStandIn;
import jakarta.inject.Inject;

/**
 * What a {@code @QuarkusTest} of the whole function shares: the Cognito stand-in its real SDK client talks
 * to ({@link StandInResource}) and the audit lines it writes. A subclass seeds the stand-in in its own
 * {@code @BeforeEach} and then calls {@link #captureAudit()}, so a warm-up sign-in made while seeding is
 * not among the lines it asserts on.
 */
public abstract class FunctionOverStandIn {

    @InjectStandIn
    protected CognitoStandIn standIn;

    @Inject
    protected ObjectMapper json;

    @Inject
    protected MergeSettings settings;

    protected CapturingAuditLog audit;

    /** Installs a fresh capturing audit writer for the test about to run. */
    protected void captureAudit() {
        audit = CapturingAuditLog.install(json, settings);
    }
}
