package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * {@code doctor}: read-only checks that a pool is set up so that linking works, each a pass / warn / fail line
 * with the fix. Reads DescribeUserPool, DescribeIdentityProvider per provider and the reconcile report.
 */
final class DoctorCommand {

    static final String PASS = "pass";
    static final String WARN = "warn";
    static final String FAIL = "fail";

    /**
     * The attributes a mapping may write without degrading the linked native user: after a link every federated
     * sign-in writes the mapped attributes onto it (docs/cognito-facts.md#attribute-overwrite). custom:* are the
     * project's own (e.g. custom:idp_sub).
     */
    static final Set<String> HARMLESS_MAPPED = Set.of("email", "email_verified", "username");

    private final Output out;
    private final PoolClient client;
    private final Arguments arguments;
    private final List<String[]> rows = new ArrayList<>();
    private boolean failed;

    DoctorCommand(Output out, PoolClient client, Arguments arguments) {
        this.out = out;
        this.client = client;
        this.arguments = arguments;
    }

    int run() throws UsageException, OperatorFailure {
        try {
            UserPoolType pool = client.describePool();
            trigger(pool);
            boolean subjectMapped = false;
            for (String provider : arguments.providerNames()) {
                subjectMapped |= provider(provider);
            }
            usernames(pool, subjectMapped);
            splitAccounts();
        } catch (PoolClient.CallFailed e) {
            throw new OperatorFailure("doctor could not finish: " + e.getMessage() + ". Checks so far are above;"
                    + " doctor changes nothing.", e);
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"status", "check", "detail"});
        table.addAll(rows);
        out.table(table);
        return failed ? 1 : 0;
    }

    private void trigger(UserPoolType pool) {
        String arn = pool.lambdaConfig() == null ? null : pool.lambdaConfig().preSignUp();
        if (arn == null || arn.isBlank()) {
            check("pre-sign-up-trigger", FAIL, "no Pre sign-up trigger is attached: federated sign-ins are never linked",
                    "attach the merge function as the pool's Pre sign-up trigger (terraform/modules/merge-trigger does;"
                            + " `aws cognito-idp update-user-pool` resets every setting you leave out, so prefer Terraform"
                            + " or the console)");
        } else {
            check("pre-sign-up-trigger", PASS, "attached: " + arn, null);
        }
    }

    /** Checks one provider; true when it maps the IdP's sub into a custom attribute (the exact-subject setup). */
    private boolean provider(String name) {
        Optional<IdentityProviderType> provider = client.describeProvider(name);
        if (provider.isEmpty()) {
            check("provider " + name, FAIL, "the pool has no identity provider named " + name,
                    "create it (terraform/modules/oidc-provider), or correct --provider-names and MERGE_PROVIDER_NAMES"
                            + " to the name as configured");
            return false;
        }
        Map<String, String> mapping = provider.get().attributeMapping();
        List<String> missing = new ArrayList<>();
        for (String required : List.of("email", "email_verified")) {
            if (!mapping.containsKey(required)) {
                missing.add(required);
            }
        }
        if (missing.isEmpty()) {
            check("provider " + name + " mapping", PASS, "maps email and email_verified", null);
        } else {
            check("provider " + name + " mapping", FAIL, "does not map " + String.join(", ", missing)
                            + ": without them the trigger never links, and after a link an unmapped email_verified can"
                            + " leave the native user's email unverified",
                    "map email <- email and email_verified <- email_verified in the provider's attribute mapping");
        }
        Set<String> overwriting = new TreeSet<>();
        boolean subjectMapped = false;
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            if (entry.getKey().startsWith("custom:")) {
                subjectMapped |= "sub".equals(entry.getValue());
            } else if (!HARMLESS_MAPPED.contains(entry.getKey())) {
                overwriting.add(entry.getKey());
            }
        }
        if (overwriting.isEmpty()) {
            check("provider " + name + " overwrites", PASS, "maps nothing the native user owns beyond the email", null);
        } else {
            check("provider " + name + " overwrites", WARN, "maps " + String.join(", ", overwriting)
                            + ": after a link every sign-in through " + name + " overwrites these on the native user",
                    "map only email, email_verified, username and the subject attribute (custom:idp_sub <- sub)");
        }
        return subjectMapped;
    }

    private void usernames(UserPoolType pool, boolean subjectMapped) {
        Boolean caseSensitive = pool.usernameConfiguration() == null ? null
                : pool.usernameConfiguration().caseSensitive();
        if (Boolean.FALSE.equals(caseSensitive)) {
            if (subjectMapped) {
                check("username-case", PASS, "usernames are case-insensitive and a provider maps sub into a custom"
                        + " attribute", "set MERGE_SUBJECT_ATTRIBUTE on the function to that attribute, if not yet done");
            } else {
                check("username-case", WARN, "usernames are case-insensitive: Cognito may lower-case the subject in"
                                + " the trigger's userName, and a link with it points at an identity that never signs in",
                        "map sub to custom:idp_sub in the provider and set MERGE_SUBJECT_ATTRIBUTE=custom:idp_sub");
            }
        } else {
            check("username-case", PASS, caseSensitive == null
                    ? "no UsernameConfiguration: usernames are case-sensitive" : "usernames are case-sensitive", null);
        }
        List<String> attributes = pool.usernameAttributesAsStrings();
        check("username-attributes", PASS, attributes.isEmpty()
                ? "users choose a username; links name the native user by it"
                : "users sign in with " + String.join(" or ", attributes)
                        + " as username; Cognito names them with a generated username, which links use", null);
    }

    private void splitAccounts() throws UsageException {
        Inventory inventory = Inventory.take(client, new Classifier(client.userPoolId(), arguments.providerNames(), client::mfaRegistered));
        int repairable = inventory.count(Classification.REPAIRABLE);
        int split = repairable + inventory.count(Classification.AMBIGUOUS)
                + inventory.count(Classification.CANDIDATE_NOT_QUALIFIED)
                + inventory.count(Classification.LINK_LIMIT_REACHED);
        StringBuilder detail = new StringBuilder();
        inventory.counts.forEach((kind, count) -> {
            if (count > 0) {
                detail.append(detail.length() == 0 ? "" : ", ").append(kind).append(' ').append(count);
            }
        });
        if (split == 0) {
            check("split-accounts", PASS, "no federated-only user shares its email with a native user"
                    + (detail.length() > 0 ? " (" + detail + ")" : ""), null);
        } else {
            check("split-accounts", WARN, split + " federated-only users share their email with a native user: "
                            + detail, repairable > 0
                            ? "review `reconcile`, then repair with `reconcile --apply --journal FILE`; the others need a"
                                    + " person (see the README)"
                            : "review `reconcile`: none can be repaired automatically");
        }
    }

    private void check(String name, String status, String detail, String fix) {
        ObjectNode line = out.object();
        line.put("check", name);
        line.put("status", status);
        line.put("detail", detail);
        line.put("fix", fix);
        out.line(line);
        rows.add(new String[] {status, name, detail + (fix == null || PASS.equals(status) ? "" : " -> fix: " + fix)});
        failed |= FAIL.equals(status);
    }
}
