package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.cognitomerge.operator.CommandTable.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18's command line: help, output modes, progress, credentials, errors; issue 17's journal permissions. */
class OperatorCliTest extends OperatorOverStandIn {

    @TempDir
    Path dir;

    record Plain(int exitCode, String stdout, String stderr) {
    }

    static Plain plain(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OperatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
        return new Plain(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "-h"})
    void theToolsHelpNamesEveryCommandAndEveryCommonOption(String ask) {
        Plain help = plain(true, ask);

        assertThat(help.exitCode()).isZero();
        assertThat(help.stderr()).isEmpty();
        for (Command command : CommandTable.COMMANDS) {
            assertThat(help.stdout()).contains("  " + command.name() + " ");
        }
        for (Option option : CommandTable.COMMON) {
            assertThat(help.stdout()).contains(option.synopsis());
        }
        assertThat(help.stdout()).contains("Exit codes:", "Examples:", "Default: 5.", "Default: Descope.");
        assertThat(standIn.calls()).isEmpty();
    }

    @Test
    void eachCommandsHelpListsEveryOptionTheParserTakesWithItsDefaultAndAnExample() {
        for (Command command : CommandTable.COMMANDS) {
            for (String[] ask : List.of(new String[] {command.name(), "--help"}, new String[] {"help", command.name()},
                    new String[] {command.name(), "--user-pool-id", "nope", "--help"})) {
                Plain help = plain(false, ask);

                assertThat(help.exitCode()).as(String.join(" ", ask)).isZero();
                for (Option option : CommandTable.options(command)) {
                    assertThat(help.stdout()).as(command.name()).contains(option.synopsis());
                    if (option.defaultText() != null) {
                        assertThat(help.stdout().replaceAll("\\s+", " ")).as(option.name())
                                .contains("Default: " + option.defaultText());
                    }
                    // and the parser takes it: an option in the help is never "has no option"
                    Plain parsed = plain(false, command.name(), "--" + option.name() + (option.isSwitch() ? "" : "=x"));
                    assertThat(parsed.stderr()).doesNotContain("has no option");
                }
                assertThat(help.stdout()).contains("Examples:", CommandTable.JAR + " " + command.name());
            }
        }
    }

    @Test
    void aUsageErrorPrintsTheSentenceThenTheCommandsUsage() {
        Plain wrong = plain(false, "reconcile", "--user-pool-id", "us-east-1_Operator1", "--copy-groups");

        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.stdout()).isEmpty();
        assertThat(wrong.stderr()).startsWith("error: --copy-groups needs a value")
                .contains("Usage:", "reconcile --user-pool-id ID", "[--copy-groups NAME[,NAME...]]",
                        "[--protected-accounts off|mfa|mfa-and-groups]", "reconcile --help");
        Plain unknown = plain(false, "merge");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("Unknown command 'merge'", "doctor, reconcile, link, unlink");
    }

    @Test
    void jsonOutputWritesOnlyJsonLinesToStdoutEndingWithTheSummary() throws IOException {
        // GIVEN a pool with one user of every kind; WHEN reconcile --apply runs with --output json
        seedMixedPool();
        Run run = operator("reconcile", "--output", "json", "--apply", "--journal", dir.resolve("j.jsonl").toString());

        // THEN every stdout line is a JSON object, rows first, the summary last; people's lines are on stderr
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        for (String line : lines) {
            assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
        }
        JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.path("summary").asText()).isEqualTo("reconcile");
        assertThat(summary.path("repaired").asInt()).isEqualTo(2);
        assertThat(lines.subList(0, lines.size() - 1)).noneMatch(line -> line.contains("\"summary\""));
        assertThat(run.stderr()).contains("progress: listed");
    }

    @Test
    void onATerminalTheDefaultIsTablesAndAPipeGetsJson() {
        seedMixedPool();
        String[] args = {"reconcile", "--user-pool-id", POOL_ID, "--endpoint-url", standIn.endpoint().toString(),
                "--rate", "500"};

        Plain terminal = plain(true, args);
        Plain pipe = plain(false, args);

        assertThat(terminal.stdout()).contains("class", "repairable", "ListUsers pages").doesNotContain("{\"");
        assertThat(pipe.stdout().lines()).allMatch(line -> line.startsWith("{"));
    }

    @Test
    void progressGoesToStderrAndQuietSilencesIt() {
        seedMixedPool();

        Run loud = operator("reconcile");
        Run quiet = operator("reconcile", "--quiet");

        assertThat(loud.stderr()).containsPattern("progress: listed 1 page, \\d+ users, [0-9.]+ pages/s in [0-9.]+ s")
                .contains("progress: classified 9 of 9 federated-only users");
        assertThat(quiet.stderr()).doesNotContain("progress:");
        assertThat(quiet.stdout()).isEqualTo(loud.stdout().replaceAll("\"seconds\":[0-9.]+", "\"seconds\":" + seconds(quiet)));
    }

    @Test
    void progressWhileListingShowsTheRateAndTheTimeLeft() {
        // GIVEN a progress line every tick of a fake clock, a pool of 10,000 users estimated and 2,400 listed
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] now = {0};
        Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false, () -> now[0], 1);
        progress.start();

        // WHEN 40 pages took 4 seconds
        now[0] = 4_000_000_000L;
        progress.listed(40, 2_400, 10_000, false);

        // THEN the line names pages, users, the share, the rate and the time left
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "progress: listing: 40 pages, 2,400 of ~10,000 users (24%), 10.0 pages/s, about 13 s left\n");
    }

    @Test
    void aLoopbackEndpointNeedsNoCredentials() {
        // GIVEN no AWS credentials anywhere the SDK looks (system properties cleared; this machine has no others)
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        seedMixedPool();

        // WHEN reconcile runs against the stand-in on loopback, without --region either
        Plain run = plain(false, "reconcile", "--user-pool-id", POOL_ID, "--endpoint-url",
                standIn.endpoint().toString().replace("127.0.0.1", "localhost"), "--rate", "500", "--quiet");

        // THEN it works: throw-away credentials sign the requests
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void aMissingCredentialIsOneSentenceNamingTheFix() throws IOException {
        // GIVEN a profile that exists nowhere (the SDK reads only the two empty files named here)
        Path empty = Files.createFile(dir.resolve("aws-config"));
        System.setProperty("aws.configFile", empty.toString());
        System.setProperty("aws.sharedCredentialsFile", empty.toString());
        try {
            // WHEN doctor runs against a non-loopback endpoint
            Plain run = plain(false, "doctor", "--user-pool-id", POOL_ID, "--profile", "no-such-profile",
                    "--endpoint-url", "https://cognito-idp.us-east-1.amazonaws.com");

            // THEN one sentence names the fix; no credential-chain dump; no call was made
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr().strip().lines()).hasSize(1);
            assertThat(run.stderr()).contains("no-such-profile", "aws configure --profile no-such-profile")
                    .doesNotContain("Provider", "Exception");
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void aNonAwsErrorBodyIsDescribedByStatusAndExceptionNeverAsNull() throws IOException {
        // GIVEN an endpoint that answers like a proxy or firewall in front of Cognito: HTTP 403 with an HTML page
        // (a 5xx would be retried first)
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>403 Forbidden</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(403, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        proxy.start();
        try {
            // WHEN doctor runs against it
            Plain run = plain(false, "doctor", "--user-pool-id", POOL_ID, "--quiet", "--endpoint-url",
                    "http://127.0.0.1:" + proxy.getAddress().getPort(), "--rate", "500");

            // THEN the error names the operation, the HTTP status and the exception
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("DescribeUserPool failed: HTTP 403", "Exception")
                    .doesNotContain("null (null)").doesNotContain("\tat ");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aNewJournalIsCreatedReadableByItsOwnerOnly() throws IOException {
        seedMixedPool();
        Path journal = dir.resolve("new.jsonl");

        Run run = operator("reconcile", "--apply", "--journal", journal.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
        assertThat(Files.readString(journal)).contains("ann@example.com");
    }

    @Test
    void anExistingJournalReadableByOthersIsUsedButWarnedAbout() throws IOException {
        seedMixedPool();
        Path journal = dir.resolve("old.jsonl");
        Files.createFile(journal, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        Run run = operator("reconcile", "--apply", "--journal", journal.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("warning: the journal", "rw-r--r--", "chmod 600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-r--r--");
    }

    private static String seconds(Run run) {
        return run.summary().path("seconds").asText();
    }
}
