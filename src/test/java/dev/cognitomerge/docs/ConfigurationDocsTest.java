package dev.cognitomerge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.config.MergeConfig;
import dev.cognitomerge.config.SelfServiceSettings;
import dev.cognitomerge.config.SettingNames;
import dev.cognitomerge.decision.TrustPolicy;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and {@link MergeConfig} say the same thing: every setting the function reads has a row under
 * its environment variable, every row names a setting that exists, and the default the row states is the one the code
 * applies. A default changed in code without the page (or a row for a setting that was renamed) fails the build.
 */
class ConfigurationDocsTest {

    static final Path PAGE = Path.of("docs/configuration.md");
    /** A table row: the first cell holds one or more backticked MERGE_ variables, the second the default. */
    static final Pattern ROW = Pattern.compile("(?m)^\\| (`MERGE_[^|]*) \\| ([^|]*) \\|");
    static final Pattern VARIABLE = Pattern.compile("`(MERGE_[A-Z0-9_<>]+)`");
    /** Defaults that live in code rather than in {@code @WithDefault} (an unset Optional means: this text). */
    static final Map<String, String> CODE_DEFAULTS = Map.of(
            "MERGE_PROTECTED_ACCOUNT_MESSAGE", TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE,
            "MERGE_SELF_SERVICE_MAX_AUTH_AGE", SelfServiceSettings.DEFAULT_MAX_AUTH_AGE.toMinutes() + "m");

    Map<String, String> documented;
    Map<String, Optional<String>> settings;

    @BeforeEach
    void readPageAndMapping() throws IOException {
        documented = new LinkedHashMap<>();
        // The settings tables: everything before the page's calls-per-mode section.
        String page = Files.readString(PAGE);
        int end = page.indexOf("\n## Cognito calls and IAM per mode");
        Matcher row = ROW.matcher(end < 0 ? page : page.substring(0, end));
        while (row.find()) {
            Matcher variable = VARIABLE.matcher(row.group(1));
            while (variable.find()) {
                documented.put(variable.group(1), row.group(2).strip());
            }
        }
        settings = new TreeMap<>();
        collect(MergeConfig.class, "MERGE_", settings);
    }

    @Test
    void everySettingHasARowAndEveryRowASetting() {
        // The per-provider map (merge.provider."<name>".*) is documented as its MERGE_PROVIDER__<NAME>__* pattern.
        assertThat(documented.keySet()).as("rows of %s", PAGE)
                .containsAll(settings.keySet().stream().filter(name -> !name.startsWith("MERGE_PROVIDER_")
                        || name.equals("MERGE_PROVIDER_NAMES")).toList());
        assertThat(settings.keySet()).as("settings of MergeConfig")
                .containsAll(documented.keySet().stream().filter(name -> !name.contains("<")).toList());
        assertThat(documented.keySet()).anyMatch(name -> name.startsWith("MERGE_PROVIDER__<NAME>__"));
    }

    @Test
    void everyDocumentedDefaultIsTheOneTheCodeApplies() {
        for (Map.Entry<String, Optional<String>> setting : settings.entrySet()) {
            String cell = documented.get(setting.getKey());
            if (cell == null) {
                continue; // the per-provider pattern, checked above
            }
            Optional<String> expected = setting.getValue().or(() -> Optional.ofNullable(CODE_DEFAULTS.get(setting.getKey())));
            if (expected.isEmpty()) {
                assertThat(cell).as("%s has no default: the row must say none", setting.getKey()).startsWith("*(none");
            } else if (cell.startsWith("\"")) {
                assertThat(cell).as(setting.getKey()).isEqualTo("\"" + expected.get() + "\"");
            } else {
                assertThat(cell).as(setting.getKey()).isEqualTo("`" + expected.get() + "`");
            }
        }
    }

    @Test
    void theNamesInitAcceptsAreExactlyTheMappingsSettings() {
        // SettingNames stops init on any other MERGE_* variable, so a setting missing from its list could not be set
        assertThat(SettingNames.KNOWN).as("SettingNames.KNOWN against MergeConfig")
                .containsExactlyInAnyOrderElementsOf(settings.keySet().stream()
                        .filter(name -> !name.equals("MERGE_PROVIDER_")).toList());
        Map<String, Optional<String>> perProvider = new TreeMap<>();
        collect(MergeConfig.ProviderConfig.class, "", perProvider);
        assertThat(SettingNames.PER_PROVIDER).containsExactlyInAnyOrderElementsOf(perProvider.keySet());
    }

    @Test
    void everyVariableTheTerraformModulesSetIsOneInitAccepts() throws IOException {
        // An environment key of a module's function (MERGE_... = or "MERGE_PROVIDER__${...}__..." =), with the
        // interpolated provider name filled in
        Pattern key = Pattern.compile("(?m)^\\s*\"?(MERGE_[A-Z0-9_]*(?:\\$\\{[^}]*}[A-Z0-9_]*)?)\"?\\s*=");
        List<String> keys = new java.util.ArrayList<>();
        try (var files = Files.walk(Path.of("terraform/modules"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".tf")).toList()) {
                Matcher found = key.matcher(Files.readString(file));
                while (found.find()) {
                    keys.add(found.group(1).replaceAll("\\$\\{[^}]*}", "DESCOPE"));
                }
            }
        }
        assertThat(keys).as("MERGE_ keys in terraform/modules").hasSizeGreaterThan(15)
                .contains("MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "MERGE_SELF_SERVICE_CLIENT_IDS");
        assertThat(SettingNames.unknown(keys)).isEmpty();
    }

    /** Every leaf of the mapping as its environment variable, with its {@code @WithDefault} when it has one. */
    private static void collect(Class<?> mapping, String prefix, Map<String, Optional<String>> into) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String variable = prefix + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == MergeConfig.class && type != Map.class) {
                collect(type, variable + "_", into);
                continue;
            }
            if (type == Map.class) {
                into.put(variable + "_", Optional.empty()); // the per-provider map
                continue;
            }
            WithDefault withDefault = method.getAnnotation(WithDefault.class);
            into.put(variable, Optional.ofNullable(withDefault).map(WithDefault::value));
        }
    }
}
