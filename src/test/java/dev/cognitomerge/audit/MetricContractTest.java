package dev.cognitomerge.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metric contract between the function and terraform/modules/monitoring: the module's alarms and dashboard read
 * metric names, units, dimension sets, namespace and outcomes from {@code emf-contract.json}
 * (tests/monitoring.tftest.hcl checks they use nothing else), and this test checks that file against the EMF the
 * real function writes for real sample events over the Cognito stand-in. A renamed metric, unit or dimension on
 * either side fails here or there, instead of leaving an alarm silently in OK: CloudWatch only matches an alarm to a
 * metric with exactly its name and dimension set (docs/cognito-facts.md#emf-exact-dimensions).
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class MetricContractTest extends FunctionOverStandIn {

    static final Path CONTRACT = Path.of("terraform/modules/monitoring/emf-contract.json");

    JsonNode contract;

    @BeforeEach
    void seedTheDevUsersAndReadTheContract() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        contract = json.readTree(CONTRACT.toFile());
        captureAudit();
    }

    /** One sign-in of every outcome, and the refusal reasons the sample events reach, through the real function. */
    List<JsonNode> auditLinesOfEveryOutcome() {
        standIn.script("ListUsers", Fault.internalError(), Fault.internalError(), Fault.internalError());
        invoke(Events.text("link"));        // refused, lookup-failed
        invoke(Events.text("link"));        // linked
        invoke(Events.text("link"));        // already-linked
        invoke(Events.text("no-candidate")); // continued
        invoke(Events.text("ambiguous"));   // refused, ambiguous
        invoke(Events.text("disabled"));    // refused, candidate-disabled
        return audit.lines();
    }

    static void invoke(String event) {
        given().contentType("application/json").body(event).when().post();
    }

    @Test
    void everyEmfLineDeclaresExactlyTheContractsNamespaceMetricsUnitsAndDimensionSets() {
        // GIVEN the function under its default configuration; WHEN it handles one event of every outcome
        List<JsonNode> lines = auditLinesOfEveryOutcome();

        // THEN every line's EMF directive is the contract: namespace, metric name -> unit, dimension sets
        assertThat(lines).hasSize(6);
        for (JsonNode line : lines) {
            JsonNode directives = line.path("_aws").path("CloudWatchMetrics");
            assertThat(directives).as("one metric directive per line").hasSize(1);
            JsonNode directive = directives.get(0);
            assertThat(directive.path("Namespace").asText())
                    .as("namespace (MERGE_METRICS_NAMESPACE default) vs emf-contract.json")
                    .isEqualTo(contract.path("namespace").asText());
            Map<String, String> units = metricUnits(directive);
            Map<String, String> optional = optionalMetricUnits();
            optional.keySet().forEach(units::remove);
            assertThat(units).as("metric name -> unit vs emf-contract.json").isEqualTo(contractMetricUnits());
            assertThat(dimensionSets(directive.path("Dimensions"))).as("dimension sets vs emf-contract.json")
                    .isEqualTo(dimensionSets(contract.path("dimension_sets")));
        }
    }

    @Test
    void everyMetricAndDimensionTheContractNamesHasAValueInEveryLine() {
        // GIVEN one event of every outcome
        List<JsonNode> lines = auditLinesOfEveryOutcome();

        // THEN CloudWatch can extract each: a number per metric, a string per dimension, at the top level (EMF rule)
        for (JsonNode line : lines) {
            contract.path("metrics").fieldNames().forEachRemaining(metric ->
                    assertThat(line.path(metric).isNumber()).as("%s is a number in %s", metric, line).isTrue());
            for (JsonNode set : contract.path("dimension_sets")) {
                for (JsonNode dimension : set) {
                    assertThat(line.path(dimension.asText()).isTextual())
                            .as("%s is a string in %s", dimension.asText(), line).isTrue();
                }
            }
        }
    }

    @Test
    void theContractsOutcomesAreExactlyTheOutcomesTheFunctionWrites() {
        // GIVEN the outcomes the function can write, and those it wrote for the sample events
        Set<String> codes = Arrays.stream(Outcome.values()).map(Outcome::code).collect(Collectors.toSet());
        Set<String> written = auditLinesOfEveryOutcome().stream().map(l -> l.path("outcome").asText())
                .collect(Collectors.toSet());

        // THEN the contract (and so the dashboard's outcome graphs) names each of them, and no other; a new Outcome
        // fails here until emf-contract.json lists it, so the dashboard never leaves an outcome out
        assertThat(strings(contract.path("outcomes"))).isEqualTo(codes).containsAll(written);
        assertThat(written).containsExactlyInAnyOrder("linked", "already-linked", "continued", "refused");
    }

    @Test
    void everyReasonTheModuleAlarmsOnByDefaultIsAReasonTheFunctionWrites() {
        // GIVEN the reason codes of decision/Reason.java
        Set<String> codes = Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());

        // THEN each reason the module's default alarms and runbook name exists; a renamed reason fails here
        assertThat(codes).containsAll(strings(contract.path("reasons")));
    }

    @Test
    void theSampleRefusalsCarryTheReasonsTheDefaultAlarmsWatch() {
        // GIVEN the refusals of the sample events
        Set<String> refusedReasons = auditLinesOfEveryOutcome().stream()
                .filter(l -> l.path("outcome").asText().equals("refused"))
                .map(l -> l.path("reason").asText())
                .collect(Collectors.toCollection(TreeSet::new));

        // THEN they are written with exactly the codes the alarms' [outcome, reason] dimensions use
        assertThat(refusedReasons).containsExactly("ambiguous", "candidate-disabled", "lookup-failed");
        assertThat(strings(contract.path("reasons"))).containsAll(refusedReasons);
    }

    Map<String, String> contractMetricUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        contract.path("metrics").fields().forEachRemaining(e -> units.put(e.getKey(), e.getValue().asText()));
        return units;
    }

    /** Metrics only some lines carry (a notification owed); LinkNotificationTest checks their units. */
    Map<String, String> optionalMetricUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        contract.path("optional_metrics").fields().forEachRemaining(e -> units.put(e.getKey(), e.getValue().asText()));
        return units;
    }

    static Map<String, String> metricUnits(JsonNode directive) {
        Map<String, String> units = new LinkedHashMap<>();
        for (JsonNode metric : directive.path("Metrics")) {
            units.put(metric.path("Name").asText(), metric.path("Unit").asText());
        }
        return units;
    }

    /** Dimension sets compared as sets of sets: CloudWatch identifies a metric by its dimensions, not their order. */
    static Set<Set<String>> dimensionSets(JsonNode sets) {
        Set<Set<String>> result = new HashSet<>();
        for (JsonNode set : sets) {
            result.add(strings(set));
        }
        return result;
    }

    static Set<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return new HashSet<>(values);
    }
}
