package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.operator.CommandTable.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operations.md says what the code does: the generated help, pasted; the IAM table, as actions.json grants. */
class OperationsDocTest {

    static final Path PAGE = Path.of("docs/operations.md");

    @Test
    void thePageHoldsTheGeneratedHelpOfTheToolAndOfEachCommand() throws IOException {
        String page = Files.readString(PAGE);

        assertThat(page).as("the tool's --help, pasted in a text block").contains("```text\n" + Help.tool() + "```");
        for (Command command : CommandTable.COMMANDS) {
            assertThat(page).as(command.name() + "'s help, pasted (regenerate with Help.commandReference)")
                    .contains("```text\n" + Help.commandReference(command) + "```");
        }
    }

    @Test
    void theIamTableListsExactlyTheActionsTheModuleGrantsEachCommand() throws IOException {
        String page = Files.readString(PAGE);
        JsonNode granted = new ObjectMapper().readTree(OperatorIamTest.ACTIONS.toFile()).path("commands");

        granted.fieldNames().forEachRemaining(command -> {
            Matcher row = Pattern.compile("\\| `" + Pattern.quote(command) + "` \\| ([A-Za-z, ]+) \\|").matcher(page);
            assertThat(row.find()).as("a row for " + command).isTrue();
            TreeSet<String> documented = new TreeSet<>(Arrays.asList(row.group(1).trim().split(", ")));
            TreeSet<String> actions = new TreeSet<>();
            granted.path(command).forEach(action -> actions.add(action.asText()));
            assertThat(documented).as(command).isEqualTo(actions);
        });
    }
}
