package dev.cognitomerge;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** MERGE_WHEN_NO_NATIVE_USER=create-and-link, for tests outside this package (the benchmark). */
public class CreateAndLinkProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("merge.when-no-native-user", "create-and-link");
    }
}
