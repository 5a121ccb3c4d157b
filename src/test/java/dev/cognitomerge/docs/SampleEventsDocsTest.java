package dev.cognitomerge.docs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample-event tables of the README and docs/decision.md tell the truth: each row's first answer (the one with the
 * default settings, before any ";") is what the function answers when that file is posted against the dev seed, as
 * with {@code ./mvnw quarkus:dev}: the status, and the outcome / reason of a 200, or the exact sentence of a refusal.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class SampleEventsDocsTest extends FunctionOverStandIn {

    static final List<Path> PAGES = List.of(Path.of("README.md"), Path.of("docs/decision.md"));
    static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z-]+)\\.json` \\| ([^;|]*)");
    static final Pattern CONTINUED = Pattern.compile("^200, `([a-z-]+)`(?: / `([a-z-]+)`)?");
    static final Pattern REFUSED = Pattern.compile("^500, (?:refusal )?\"([^\"]+)\"");

    record Row(Path page, String event, String answer) {
        @Override
        public String toString() {
            return page + ": " + event + ".json → " + answer;
        }
    }

    static Stream<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path page : PAGES) {
            Matcher row = ROW.matcher(Files.readString(page));
            while (row.find()) {
                rows.add(new Row(page, row.group(1), row.group(2).strip()));
            }
        }
        assertThat(rows).as("sample-event rows").hasSizeGreaterThanOrEqualTo(20);
        return rows.stream();
    }

    @BeforeEach
    void seedTheDevUsers() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        captureAudit();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theDocumentedAnswerIsTheFunctionsAnswer(Row row) {
        // GIVEN the row's sample event; WHEN it is posted with the default settings
        Response response = given().contentType("application/json").body(Events.text(row.event())).when().post();

        // THEN the function answers what the row says
        Matcher continued = CONTINUED.matcher(row.answer());
        Matcher refused = REFUSED.matcher(row.answer());
        if (continued.find()) {
            response.then().statusCode(200);
            String outcome = continued.group(1);
            String reason = continued.group(2) == null ? outcome : continued.group(2);
            assertThat(audit.last().path("outcome").asText()).as(row.toString()).isEqualTo(outcome);
            assertThat(audit.last().path("reason").asText()).as(row.toString()).isEqualTo(reason);
        } else if (refused.find()) {
            response.then().statusCode(500);
            assertThat(response.jsonPath().getString("errorMessage")).as(row.toString()).isEqualTo(refused.group(1));
        } else {
            throw new AssertionError("a row this test cannot read (write 200, `outcome` / `reason` or 500, \"...\"): "
                    + row);
        }
    }
}
