package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;

/**
 * Entry point of the operator commands ({@code java -jar target/operator/cognito-merge-operator.jar ...}). They run
 * on an operator's machine with the operator's AWS credentials and are not part of the function or its role.
 * Exit codes: 0 done, 1 failed or stopped (doctor: a check failed), 2 the command line is wrong.
 */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) {
        // The SDK logs through SLF4J; with no binding on the class path SLF4J would print a warning on every start.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; JSON lines and the summary go to {@code out}, errors to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ObjectMapper json = new ObjectMapper();
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (PoolClient client = PoolClient.connect(arguments)) {
            Output output = new Output(json, out);
            return switch (arguments.command()) {
                case "reconcile" -> new ReconcileCommand(json, output, client, arguments).run();
                case "unlink", "link" -> new IdentityCommand(json, output, client, arguments).run();
                case "doctor" -> new DoctorCommand(output, client, arguments).run();
                default -> throw new UsageException("Unknown command " + arguments.command());
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (OperatorFailure e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (PoolClient.CallFailed e) {
            err.println("error: " + e.getMessage() + ". Nothing was changed by this call.");
            return 1;
        } catch (RuntimeException e) {
            // Credentials missing, an unreachable endpoint, ...: one sentence, not a stack trace.
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }
}
