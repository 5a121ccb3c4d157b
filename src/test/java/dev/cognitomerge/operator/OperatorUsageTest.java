package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong command line: exit code 2, one sentence naming what to change, no stack trace, no Cognito call. */
class OperatorUsageTest extends OperatorOverStandIn {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "merge --user-pool-id us-east-1_Operator1 | Unknown command 'merge'",
        "reconcile | reconcile needs --user-pool-id",
        "reconcile --user-pool-id nope | --user-pool-id must look like us-east-1_AbC123, but is 'nope'",
        "reconcile --user-pool-id us-east-1_Operator1 --rate 0 | --rate must be a number of requests per second above 0",
        "reconcile --user-pool-id us-east-1_Operator1 --rate fast | but is 'fast'",
        "reconcile --user-pool-id us-east-1_Operator1 --copy-groups | --copy-groups needs a value: --copy-groups NAME[,NAME...]",
        "reconcile --user-pool-id us-east-1_Operator1 --copy-groups --apply | --copy-groups needs a value",
        "reconcile --user-pool-id us-east-1_Operator1 --copy-groups= | --copy-groups must name at least one group",
        "reconcile --user-pool-id us-east-1_Operator1 --output yaml | --output must be 'table' or 'json', but is 'yaml'",
        "reconcile --user-pool-id us-east-1_Operator1 --protected-accounts always | --protected-accounts must be 'off', 'mfa' or 'mfa-and-groups', but is 'always'",
        "reconcile --user-pool-id us-east-1_Operator1 --protected-accounts mfa-and-groups | needs --protected-groups",
        "link --user-pool-id us-east-1_Operator1 --username a --provider-name Descope --subject s --journal j --protected-groups admins | --protected-groups is read only with --protected-accounts mfa-and-groups",
        "doctor --user-pool-id us-east-1_Operator1 --when-no-native-user create | --when-no-native-user must be 'continue' or 'create-and-link'",
        "doctor --user-pool-id us-east-1_Operator1 --apply | 'doctor' has no option --apply",
        "reconcile --user-pool-id us-east-1_Operator1 --subject x | 'reconcile' has no option --subject",
        "doctor --user-pool-id us-east-1_Operator1 --region | --region needs a value",
        "unlink --user-pool-id us-east-1_Operator1 --username a --provider-name Descope --journal j | unlink needs --subject",
        "doctor --user-pool-id us-east-1_Operator1 --endpoint-url not-a-url --region us-east-1 | --endpoint-url must be an absolute URL",
    })
    void aWrongCommandLineIsAUsageError(String commandLine, String message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int exit = OperatorMain.run(commandLine.trim().split(" +"), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains(message.trim()).doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
        assertThat(standIn.calls()).isEmpty();
    }
}
