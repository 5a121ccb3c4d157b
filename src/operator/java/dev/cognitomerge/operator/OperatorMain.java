package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.io.PrintStream;

/**
 * Entry point of the operator commands ({@code java -jar target/operator/cognito-merge-operator.jar ...}). They run
 * on an operator's machine with the operator's AWS credentials and are not part of the function or its role.
 * Exit codes: 0 done, 1 failed or stopped (doctor: a check failed), 2 the command line is wrong.
 */
public final class OperatorMain {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private OperatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, stdoutIsTerminal()));
    }

    /** Runs one command as if stdout were not a terminal (so {@code --output} defaults to json). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    /** Runs one command; data goes to {@code out}, everything for people to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean stdoutIsTerminal) {
        ObjectMapper json = new ObjectMapper();
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            return usageError(err, e);
        }
        if (arguments.helpRequested()) {
            out.print(arguments.helpCommand().map(Help::command).orElseGet(Help::tool));
            out.flush();
            return DONE;
        }
        try {
            boolean jsonMode = arguments.output().map(Arguments.OUTPUT_JSON::equals).orElse(!stdoutIsTerminal);
            Output output = new Output(json, out, err, jsonMode, new Progress(err, arguments.flag("quiet")));
            try (PoolClient client = PoolClient.connect(arguments)) {
                return switch (arguments.command()) {
                    case "reconcile" -> new ReconcileCommand(json, output, client, arguments).run();
                    case "unlink", "link" -> new IdentityCommand(json, output, client, arguments).run();
                    case "doctor" -> new DoctorCommand(output, client, arguments).run();
                    default -> throw new UsageException("Unknown command " + arguments.command(), null);
                };
            }
        } catch (UsageException e) {
            return usageError(err, e);
        } catch (OperatorFailure e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (PoolClient.CallFailed e) {
            err.println("error: " + e.getMessage() + ". Nothing was changed by this call.");
            return FAILED;
        } catch (RuntimeException e) {
            // An unreachable endpoint, ...: one sentence, not a stack trace.
            err.println("error: " + PoolClient.CallFailed.describe(e) + ".");
            return FAILED;
        }
    }

    private static int usageError(PrintStream err, UsageException e) {
        err.println("error: " + e.getMessage());
        err.println();
        err.print(Help.usageAfterError(e.command().orElse("")));
        err.flush();
        return USAGE;
    }

    /**
     * Whether stdout is a terminal. Java 22+ answers it exactly (Console.isTerminal, called reflectively: the jar
     * targets Java 17); before that a Console exists only when both stdin and stdout are terminals, which errs
     * towards json, the safe side for a pipe.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
