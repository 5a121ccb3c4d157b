package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.SnsStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.EnvironmentConfig;
import dev.cognitomerge.testing.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM equals the calls, trigger side: in every mode the Terraform module distinguishes, the actions the function
 * calls (recorded by the stand-ins while it runs every path of that mode) are exactly the actions
 * terraform/modules/merge-trigger grants for it: nothing missing (an AccessDenied in production), nothing extra
 * (a permission a compromised function could use). The grants are read from the module's source, so a change to
 * either side that breaks the equality fails here; terraform test pins the same sets from the plan.
 */
class IamEqualsCallsTest {

    static final String POOL = "us-east-1_DevPool01";
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:account-links";
    static final Path MODULE = Path.of("terraform/modules/merge-trigger");

    static CognitoStandIn cognito;
    static SnsStandIn sns;

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

    static Stream<Arguments> modes() {
        List<Arguments> modes = new ArrayList<>();
        for (String protection : List.of("off", "mfa", "mfa-and-groups")) {
            for (String whenNoNativeUser : List.of("continue", "create-and-link")) {
                for (String guard : List.of("off", "refuse")) {
                    for (boolean notify : List.of(false, true)) {
                        modes.add(Arguments.of(protection, whenNoNativeUser, guard, notify));
                    }
                }
            }
        }
        return modes.stream();
    }

    @ParameterizedTest(name = "protected_accounts={0}, when_no_native_user={1}, guard={2}, notifications={3}")
    @MethodSource("modes")
    void theFunctionCallsExactlyWhatTheModuleGrants(String protection, String whenNoNativeUser, String guard,
            boolean notify) throws IOException {
        // GIVEN the function in this mode
        Map<String, String> variables = new HashMap<>(Map.of("MERGE_PROTECTED_ACCOUNTS", protection,
                "MERGE_WHEN_NO_NATIVE_USER", whenNoNativeUser, "MERGE_NATIVE_SIGN_UP_GUARD", guard));
        if (protection.equals("mfa-and-groups")) {
            variables.put("MERGE_PROTECTED_GROUPS", "admins");
        }
        if (notify) {
            variables.put("MERGE_LINK_NOTIFICATION_TOPIC_ARN", TOPIC);
            variables.put("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", sns.endpoint().toString());
        }

        // WHEN it runs every path it has: link, protected owner, re-delivery, create, resume, guard
        Set<String> called = new TreeSet<>();
        try (DirectFunction function = new DirectFunction(cognito.endpoint(), EnvironmentConfig.of(variables))) {
            cognito.onAdminCreateUser(event -> function.invoke(event.toString().getBytes(StandardCharsets.UTF_8)));
            for (Route route : Route.values()) {
                cognito.reset();
                sns.reset();
                cognito.onAdminCreateUser(event -> function.invoke(event.toString().getBytes(StandardCharsets.UTF_8)));
                function.forgetPoolShapes();
                route.run(cognito, function);
                cognito.calls().stream().map(RecordedCall::operation).forEach(op -> called.add("cognito-idp:" + op));
                if (!sns.published().isEmpty()) {
                    called.add("sns:Publish");
                }
            }
        }

        // THEN the calls are the grants
        assertThat(called).isEqualTo(granted(protection, whenNoNativeUser, notify));
    }

    /** Every path of the function; each leaves the stand-in as it found it (reset before each). */
    enum Route {
        LINK {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                cognito.addUser(StandInUser.confirmed("jane", "jane@example.com"));
                function.invoke(bytes(Events.tree("link")));
            }
        },
        PROTECTED_OWNER {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                cognito.addUser(StandInUser.confirmed("jane", "jane@example.com").withMfa(List.of("SOFTWARE_TOKEN_MFA"),
                        "SOFTWARE_TOKEN_MFA"));
                function.invoke(bytes(Events.tree("link")));
            }
        },
        REDELIVERED_LINK {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                cognito.addUser(StandInUser.confirmed("jane", "jane@example.com"));
                // Any InvalidParameterException makes the function read the user again (ListUsers by username).
                cognito.script("AdminLinkProviderForUser", new Fault.Error(400, "InvalidParameterException", "?"));
                function.invoke(bytes(Events.tree("link")));
            }
        },
        FEDERATED_FIRST {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                function.invoke(bytes(Events.tree("federated-first")));
            }
        },
        RESUME {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                cognito.addUser(new StandInUser("u-ours", "FORCE_CHANGE_PASSWORD", true, Map.of(
                        "email", "New.Person@example.com", "email_verified", "true", "custom:merge_created",
                        "{\"providerName\":\"Descope\",\"userId\":\"U2nEwPeRs0nFeDeRaTeD1\"}")));
                function.invoke(bytes(Events.tree("federated-first")));
            }
        },
        NATIVE_SIGN_UP {
            @Override
            void run(CognitoStandIn cognito, DirectFunction function) {
                cognito.addUser(StandInUser.federatedOnly("Descope_U2fEd", "fed@example.com"));
                function.invoke(bytes(Events.tree("native-after-federated")));
            }
        };

        abstract void run(CognitoStandIn cognito, DirectFunction function);

        static byte[] bytes(ObjectNode event) {
            return event.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------------------------ the module's grants

    /**
     * What terraform/modules/merge-trigger grants in this mode, read from its source: the always-granted statement's
     * actions, {@code local.protection_actions} for the mode (main.tf), the create-and-link statement when
     * {@code creates_users}, and the notification statement when a topic is set. Each piece is found by its Sid or
     * name; a restructured module fails here with what was not found, rather than passing on a guess.
     */
    static Set<String> granted(String protection, String whenNoNativeUser, boolean notify) throws IOException {
        String iam = Files.readString(MODULE.resolve("iam.tf"));
        String main = Files.readString(MODULE.resolve("main.tf"));
        Set<String> actions = new TreeSet<>(actionsOfStatement(iam, "LinkFederatedIdentityInOnePool"));
        assertThat(statement(iam, "LinkFederatedIdentityInOnePool")).as("the base statement adds the protection actions")
                .contains("local.protection_actions");
        actions.addAll(protectionActions(main).get(protection));
        assertThat(iam).as("the create statement is granted only with create-and-link")
                .containsPattern("local\\.creates_users\\s*\\?\\s*\\[\\{\\s*Sid\\s*=\\s*\"CreateNativeUserInOnePool\"")
                .containsPattern("creates_users\\s*=\\s*var\\.when_no_native_user\\s*==\\s*\"create-and-link\"");
        if (whenNoNativeUser.equals("create-and-link")) {
            actions.addAll(actionsOfStatement(iam, "CreateNativeUserInOnePool"));
        }
        assertThat(iam).as("the notification statement is granted only with a topic")
                .containsPattern("var\\.merge_link_notification_topic_arn\\s*==\\s*null\\s*\\?\\s*\\[\\]\\s*:\\s*\\[\\{\\s*"
                        + "Sid\\s*=\\s*\"NotifyLinksOnOneTopic\"");
        if (notify) {
            actions.addAll(actionsOfStatement(iam, "NotifyLinksOnOneTopic"));
        }
        actions.removeIf(action -> action.startsWith("logs:"));
        return actions;
    }

    static final Pattern ACTION = Pattern.compile("\"((?:cognito-idp|sns|logs):[A-Za-z]+)\"");

    /** The text of the statement whose Sid is {@code sid}, up to the end of its object. */
    static String statement(String iam, String sid) {
        Matcher start = Pattern.compile("Sid\\s*=\\s*\"" + sid + "\"").matcher(iam);
        assertThat(start.find()).as("iam.tf has a statement with Sid " + sid).isTrue();
        int end = iam.indexOf('}', start.end());
        return iam.substring(start.end(), end);
    }

    static List<String> actionsOfStatement(String iam, String sid) {
        String statement = statement(iam, sid);
        Matcher action = Pattern.compile("Action\\s*=\\s*(.*)").matcher(statement);
        assertThat(action.find()).as("statement " + sid + " has an Action").isTrue();
        List<String> actions = new ArrayList<>();
        Matcher literal = ACTION.matcher(action.group(1));
        while (literal.find()) {
            actions.add(literal.group(1));
        }
        assertThat(actions).as("actions of " + sid).isNotEmpty();
        return actions;
    }

    /** {@code protection_actions = { off = [...], mfa = [...], "mfa-and-groups" = [...] }[local.protected_accounts]}. */
    static Map<String, List<String>> protectionActions(String main) {
        Matcher map = Pattern.compile("protection_actions\\s*=\\s*\\{(.*?)\\}\\[local\\.protected_accounts\\]",
                Pattern.DOTALL).matcher(main);
        assertThat(map.find()).as("main.tf has local.protection_actions keyed by local.protected_accounts").isTrue();
        Map<String, List<String>> byMode = new HashMap<>();
        Matcher entry = Pattern.compile("\"?([a-z-]+)\"?\\s*=\\s*\\[([^\\]]*)\\]").matcher(map.group(1));
        while (entry.find()) {
            List<String> actions = new ArrayList<>();
            Matcher literal = ACTION.matcher(entry.group(2));
            while (literal.find()) {
                actions.add(literal.group(1));
            }
            byMode.put(entry.group(1), actions);
        }
        assertThat(byMode).as("protection actions per mode").containsOnlyKeys("off", "mfa", "mfa-and-groups");
        return byMode;
    }
}
