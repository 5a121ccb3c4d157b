package dev.cognitomerge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.audit.AuditRecord;
import dev.cognitomerge.audit.EmailMask;
import dev.cognitomerge.cognito.CallCounter;
import dev.cognitomerge.cognito.CognitoUnavailableException;
import dev.cognitomerge.cognito.Deadline;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.FederatedIdentity;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.PoolShape;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.SignUpAttempt;
import dev.cognitomerge.decision.Step;
import dev.cognitomerge.decision.Step.CheckNativeSignUp;
import dev.cognitomerge.decision.Step.Complete;
import dev.cognitomerge.decision.Step.CreateAndLink;
import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import dev.cognitomerge.event.InvalidEventException;
import dev.cognitomerge.event.PreSignUpEvents;
import dev.cognitomerge.notify.LinkNotifier;
import io.quarkus.logging.Log;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The Pre sign-up trigger: parse the event, decide, act on Cognito, return the event unchanged, or throw
 * a refusal whose message Cognito shows the user. All rules live in {@link LinkRules}; all Cognito calls
 * in {@link UserDirectory}.
 */
@Named("merge")
public class PreSignUpHandler implements RequestStreamHandler {

    private final MergeSettings settings;
    private final UserDirectory directory;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final LinkNotifier notifier;

    /** A handler that sends no link notification (SnapStart priming builds one by hand). */
    public PreSignUpHandler(MergeSettings settings, UserDirectory directory, AuditLog audit, ObjectMapper json) {
        this(settings, directory, audit, json, LinkNotifier.disabled());
    }

    @Inject
    public PreSignUpHandler(MergeSettings settings, UserDirectory directory, AuditLog audit, ObjectMapper json,
            LinkNotifier notifier) {
        this.settings = settings;
        this.directory = directory;
        this.audit = audit;
        this.json = json;
        this.notifier = notifier;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        byte[] body = input.readAllBytes();
        Invocation invocation = new Invocation(started, remainingTime(context));
        Verdict verdict = invocation.run(body);
        invocation.notifyOwner(verdict);
        audit.record(invocation.auditRecord(verdict));
        if (verdict.refuses()) {
            throw new SignUpRefusedException(settings.userMessage(verdict));
        }
        // Returned byte for byte: the trigger never changes what Cognito sent (no auto-confirm, no edits).
        output.write(body);
    }

    private static Duration remainingTime(Context context) {
        return context == null ? Duration.ZERO : Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    /** The state of one event, so the audit record can tell what happened along the way. */
    private final class Invocation {
        private final long started;
        private final Deadline deadline;
        private final CallCounter counter = new CallCounter();
        private SignUpAttempt attempt;
        private FederatedIdentity identity;
        private String failure;
        private String notification;

        Invocation(long started, Duration lambdaRemaining) {
            this.started = started;
            this.deadline = Deadline.of(settings.timeBudget(), lambdaRemaining, settings.deadlineMargin(),
                    System::nanoTime);
        }

        Verdict run(byte[] body) {
            try {
                JsonNode event = PreSignUpEvents.parse(json, body);
                attempt = PreSignUpEvents.attempt(event);
                return decide();
            } catch (InvalidEventException e) {
                failure = e.getMessage();
                return Verdict.of(Outcome.REFUSED, Reason.INVALID_EVENT);
            } catch (RuntimeException e) {
                // A bug must not surface as "PreSignUp failed with error null" or a stack trace to the user.
                Log.errorf(e, "Unexpected error while deciding a Pre sign-up event");
                failure = e.getClass().getSimpleName();
                return Verdict.of(Outcome.REFUSED, Reason.INTERNAL_ERROR);
            }
        }

        private Verdict decide() {
            LinkRules rules = settings.rules();
            Step step = rules.triage(attempt);
            boolean creating = false;
            try {
                if (step instanceof CheckNativeSignUp check) {
                    step = rules.guard(check,
                            directory.findForSignUpGuard(attempt.userPoolId(), check.email(), deadline, counter));
                }
                if (step instanceof Search search) {
                    identity = search.identity();
                    step = rules.choose(search,
                            directory.findByEmail(attempt.userPoolId(), search.email(), deadline, counter));
                }
                if (step instanceof CreateAndLink create) {
                    creating = true;
                    PoolShape shape = directory.poolShape(attempt.userPoolId(), deadline, counter);
                    step = rules.beforeCreate(create, shape);
                    shape.cannotCreate().ifPresent(problem -> {
                        failure = problem;
                        Log.error(shape.cannotCreateSentence(attempt.userPoolId()));
                    });
                }
                // At most twice: the second time with the fallback name, when someone else holds the first.
                for (int tries = 0; tries < 2 && step instanceof CreateAndLink create; tries++) {
                    step = rules.afterCreate(create, directory.createNativeUser(attempt.userPoolId(),
                            create.username(), rules.createAttributes(attempt, create), !create.emailIsUsername(),
                            deadline, counter));
                }
                if (step instanceof Inspect inspect) {
                    creating = inspect.completes();
                    step = rules.afterInspect(inspect, directory.protection(attempt.userPoolId(),
                            inspect.ownerUsername(), inspect.groups(), deadline, counter));
                }
                // A half-done user of this identity's earlier create, found by a retry, comes here through the
                // inspection, as any link. A user created a moment ago by this very invocation comes straight from the
                // create: it did not exist when the search ran, holds only what this invocation wrote, and has no
                // password anyone could have used to register MFA (docs/threat-model.md, "created in this invocation").
                if (step instanceof Complete complete) {
                    creating = true;
                    step = complete(complete);
                }
                if (step instanceof Link link) {
                    step = rules.afterLink(link, directory.link(attempt.userPoolId(), link.identity(),
                            link.destinationUsername(), deadline, counter));
                }
            } catch (CognitoUnavailableException e) {
                failure = e.detail();
                step = creating ? rules.createFailed()
                        : identity != null ? rules.federatedLookupFailed() : rules.lookupFailed();
            }
            return (Verdict) step;
        }

        /** A random permanent password (CONFIRMED, so "forgot password" works), then the link. */
        private Step complete(Complete complete) throws CognitoUnavailableException {
            directory.setPermanentPassword(attempt.userPoolId(), complete.destinationUsername(), deadline, counter);
            return settings.rules().afterCompletedLink(complete, directory.link(attempt.userPoolId(),
                    complete.identity(), complete.destinationUsername(), deadline, counter));
        }

        /** After a new link only: tell the owner's application. Whatever it answers, the sign-in goes on. */
        void notifyOwner(Verdict verdict) {
            if (verdict.outcome() == Outcome.LINKED && identity != null) {
                notification = notifier.linked(attempt.userPoolId(), identity.providerName(),
                        destination(verdict.destination()), Instant.now(), deadline);
            }
        }

        /** The configured provider name once recognised, else the userName prefix as sent (capped). */
        private String provider() {
            if (identity != null) {
                return identity.providerName();
            }
            if (attempt == null || attempt.userName() == null || attempt.userName().indexOf('_') <= 0
                    || !SignUpAttempt.EXTERNAL_PROVIDER.equals(attempt.triggerSource())) {
                return null;
            }
            String prefix = attempt.userName().substring(0, attempt.userName().indexOf('_'));
            return prefix.length() > 32 ? prefix.substring(0, 32) : prefix;
        }

        /**
         * The native username, masked like the email when it is one: in pools where people sign up with their
         * email as the username, the raw name would put the full address in the log. (Pools with
         * {@code UsernameAttributes=[email]} name users by UUID, which passes unchanged.)
         */
        private String destination(String username) {
            return username != null && username.indexOf('@') >= 0 ? EmailMask.mask(username) : username;
        }

        AuditRecord auditRecord(Verdict verdict) {
            return new AuditRecord(
                    attempt == null ? null : attempt.triggerSource(),
                    provider(),
                    verdict.outcome().code(),
                    verdict.reason().code(),
                    destination(verdict.destination()),
                    attempt == null ? null : EmailMask.mask(attempt.userAttributes().get("email")),
                    settings.policy().dryRun(),
                    counter.calls(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    failure,
                    notification,
                    counter.throttles());
        }
    }
}
