package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.SnsStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.EnvironmentConfig;
import dev.cognitomerge.testing.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/configuration.md's "Cognito calls and IAM per mode" table is what the code does: for each row, the function in
 * that mode makes exactly the Cognito calls the row lists, in that order (recorded by the stand-in), and the Terraform
 * module grants exactly the IAM actions the row says the setting adds (read from the module as
 * {@link IamEqualsCallsTest} reads it). A new call, a dropped one or a module change without the page fails here.
 */
class CallsAndActionsDocsTest {

    static final Path PAGE = Path.of("docs/configuration.md");
    static final String POOL = "us-east-1_DevPool01";
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:account-links";
    static final Pattern ROW = Pattern.compile("(?m)^\\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$");
    static final Pattern ACTION = Pattern.compile("`((?:cognito-idp|sns):[A-Za-z]+)`");

    static CognitoStandIn cognito;
    static SnsStandIn sns;

    /** What each row's setting cell means: the variables, and the mode whose grants the row adds to. */
    record Mode(Map<String, String> variables, String protection, String whenNoNativeUser, boolean notifies,
            Mode reference) {
    }

    static final Mode BASE = new Mode(Map.of("MERGE_PROTECTED_ACCOUNTS", "off"), "off", "continue", false, null);
    static final Map<String, Mode> MODES = Map.of(
            "always", new Mode(BASE.variables(), "off", "continue", false, null),
            "`MERGE_PROTECTED_ACCOUNTS=mfa` (default)", new Mode(Map.of(), "mfa", "continue", false, BASE),
            "`MERGE_PROTECTED_ACCOUNTS=mfa-and-groups`", new Mode(Map.of("MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups",
                    "MERGE_PROTECTED_GROUPS", "admins"), "mfa-and-groups", "continue", false, BASE),
            "`MERGE_WHEN_NO_NATIVE_USER=create-and-link`", new Mode(Map.of("MERGE_PROTECTED_ACCOUNTS", "off",
                    "MERGE_WHEN_NO_NATIVE_USER", "create-and-link"), "off", "create-and-link", false, BASE),
            "`MERGE_NATIVE_SIGN_UP_GUARD=refuse`", new Mode(Map.of("MERGE_PROTECTED_ACCOUNTS", "off",
                    "MERGE_NATIVE_SIGN_UP_GUARD", "refuse"), "off", "continue", false, BASE),
            "`MERGE_LINK_NOTIFICATION_TOPIC_ARN`", new Mode(Map.of("MERGE_PROTECTED_ACCOUNTS", "off",
                    "MERGE_LINK_NOTIFICATION_TOPIC_ARN", TOPIC), "off", "continue", true, BASE));

    record Row(String setting, String event, String calls, String actions) {
        @Override
        public String toString() {
            return setting + " / " + event;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        cognito = CognitoStandIn.start(POOL);
        sns = SnsStandIn.start();
        sns.createTopic(TOPIC);
    }

    @AfterAll
    static void stop() {
        cognito.close();
        sns.close();
    }

    static Stream<Row> rows() throws IOException {
        String page = Files.readString(PAGE);
        int begin = page.indexOf("<!-- calls-per-mode:begin -->");
        int end = page.indexOf("<!-- calls-per-mode:end -->");
        assertThat(begin).as(PAGE + " has the calls-per-mode markers").isNotNegative();
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(page.substring(begin, end));
        while (row.find()) {
            if (row.group(1).equals("setting") || row.group(1).startsWith("---")) {
                continue;
            }
            rows.add(new Row(row.group(1).strip(), row.group(2).strip(), row.group(3).strip(), row.group(4).strip()));
        }
        assertThat(rows).extracting(Row::setting).as("one row per mode the module tells apart")
                .containsExactlyInAnyOrderElementsOf(MODES.keySet());
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theRowsCallsAndActionsAreTheCodes(Row row) throws IOException {
        // GIVEN the function in the row's mode, and a pool for the row's event
        Mode mode = MODES.get(row.setting());
        Map<String, String> variables = new HashMap<>(mode.variables());
        if (mode.notifies()) {
            variables.put("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", sns.endpoint().toString());
        }
        cognito.reset();
        sns.reset();
        List<String> calls;
        try (DirectFunction function = new DirectFunction(cognito.endpoint(), EnvironmentConfig.of(variables))) {
            cognito.onAdminCreateUser(event -> function.invoke(event.toString().getBytes(StandardCharsets.UTF_8)));
            function.forgetPoolShapes();
            String event;
            if (row.event().startsWith("a native sign-up")) {
                cognito.addUser(StandInUser.federatedOnly("Descope_U2fEd", "fed@example.com"));
                event = "native-after-federated";
            } else if (row.event().startsWith("a federated first sign-in, nobody")) {
                event = "federated-first";
            } else {
                cognito.addUser(StandInUser.confirmed("jane", "jane@example.com"));
                event = "link";
            }

            // WHEN that event arrives
            var tree = Events.tree(event);
            // The rows are for a lower-case email; capitals add the lower-cased search (said under the table).
            Events.attributes(tree).put("email", Events.attributes(tree).path("email").asText().toLowerCase());
            function.invoke(tree.toString().getBytes(StandardCharsets.UTF_8));
            calls = cognito.calls().stream().map(RecordedCall::operation).toList();
        }

        // THEN it made the row's calls, in order, and the module grants the row's actions on top of the reference
        if (mode.notifies()) {
            assertThat(row.calls()).as(row + ": calls").isEqualTo("one SNS Publish");
            assertThat(sns.published()).as(row + ": published").hasSize(1);
        } else {
            assertThat(calls).as(row + ": Cognito calls").containsExactlyElementsOf(Arrays.asList(row.calls().split(", ")));
        }
        Set<String> added = new TreeSet<>(IamEqualsCallsTest.granted(mode.protection(), mode.whenNoNativeUser(),
                mode.notifies()));
        if (mode.reference() != null) {
            added.removeAll(IamEqualsCallsTest.granted(mode.reference().protection(), mode.reference().whenNoNativeUser(),
                    mode.reference().notifies()));
        }
        Set<String> documented = new TreeSet<>();
        Matcher action = ACTION.matcher(row.actions());
        while (action.find()) {
            documented.add(action.group(1));
        }
        if (documented.isEmpty()) {
            assertThat(row.actions()).as(row + ": no action documented means 'none'").isEqualTo("none");
        }
        assertThat(documented).as(row + ": IAM actions").isEqualTo(added);
    }
}
