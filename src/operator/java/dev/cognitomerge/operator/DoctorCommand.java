package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * {@code doctor}: read-only checks that a pool is set up so that linking works, each a pass / warn / fail line
 * with the fix. Reads DescribeUserPool, ListIdentityProviders and DescribeIdentityProvider for each, ListUserPoolClients
 * and DescribeUserPoolClient for each, and the reconcile report (ListUsers, AdminGetUser).
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
            Map<String, IdentityProviderType> providers = new LinkedHashMap<>();
            for (String name : client.identityProviderNames()) {
                client.describeProvider(name).ifPresent(provider -> providers.put(name, provider));
            }
            boolean subjectMapped = false;
            for (String provider : arguments.providerNames()) {
                subjectMapped |= provider(provider, Optional.ofNullable(providers.get(provider)));
            }
            usernames(pool, subjectMapped);
            schema(pool);
            appClients(client.appClients());
            mappings(providers);
            splitAccounts();
        } catch (PoolClient.CallFailed e) {
            table();
            throw new OperatorFailure("doctor could not finish: " + e.getMessage() + ". Checks so far are above;"
                    + " doctor changes nothing.", e);
        }
        table();
        ObjectNode summary = out.object();
        summary.put("summary", "doctor");
        for (String status : List.of(PASS, WARN, FAIL)) {
            summary.put(status, rows.stream().filter(row -> row[0].equals(status)).count());
        }
        summary.put("result", failed ? FAIL : PASS);
        out.summary(summary);
        return failed ? OperatorMain.FAILED : OperatorMain.DONE;
    }

    private void table() {
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"status", "check", "detail"});
        table.addAll(rows);
        out.table(table);
    }

    /**
     * The two attributes of docs/trust-model.md#the-records-in-the-pool in the pool schema: custom:merge_unlinked always (without it an unlink
     * cannot be recorded, and the trigger would link the identity straight back), custom:merge_created with
     * create-and-link. Doctor cannot read the function's MERGE_WHEN_NO_NATIVE_USER (it has no Lambda permission and
     * the function may live elsewhere), so the operator says it with --when-no-native-user; without it a missing
     * custom:merge_created is a warning, never a pass.
     */
    private void schema(UserPoolType pool) {
        Map<String, SchemaAttributeType> schema = new LinkedHashMap<>();
        pool.schemaAttributes().forEach(attribute -> schema.put(attribute.name(), attribute));
        String add = "aws cognito-idp add-custom-attributes --user-pool-id " + client.userPoolId()
                + " --custom-attributes Name=%s,AttributeDataType=String,Mutable=true,StringAttributeConstraints={MaxLength=2048}"
                + " (or the user-pool module's schema)";
        SchemaAttributeType unlinked = schema.get(UnlinkedRecord.ATTRIBUTE);
        if (unlinked == null) {
            check("schema " + UnlinkedRecord.ATTRIBUTE, FAIL, "the pool has no " + UnlinkedRecord.ATTRIBUTE
                    + ": unlink cannot record what it unlinked, so the trigger would link the identity straight back"
                    + " (unlink refuses to run)", String.format(add, "merge_unlinked"));
        } else {
            attributeShape(UnlinkedRecord.ATTRIBUTE, unlinked, FAIL);
        }
        SchemaAttributeType created = schema.get(UnlinkedRecord.CREATED_ATTRIBUTE);
        Optional<String> mode = arguments.whenNoNativeUser();
        if (created == null) {
            if (mode.isEmpty()) {
                check("schema " + UnlinkedRecord.CREATED_ATTRIBUTE, WARN, "the pool has no "
                                + UnlinkedRecord.CREATED_ATTRIBUTE + ", which MERGE_WHEN_NO_NATIVE_USER=create-and-link"
                                + " needs (doctor cannot read the function's settings)",
                        "rerun with --when-no-native-user continue|create-and-link; with create-and-link, "
                                + String.format(add, "merge_created"));
            } else if (mode.get().equals("create-and-link")) {
                check("schema " + UnlinkedRecord.CREATED_ATTRIBUTE, FAIL, "the pool has no "
                                + UnlinkedRecord.CREATED_ATTRIBUTE + ": create-and-link cannot mark the users it creates",
                        String.format(add, "merge_created"));
            } else {
                check("schema " + UnlinkedRecord.CREATED_ATTRIBUTE, PASS, "not in the schema; not needed with"
                        + " MERGE_WHEN_NO_NATIVE_USER=continue", null);
            }
        } else {
            attributeShape(UnlinkedRecord.CREATED_ATTRIBUTE, created,
                    mode.map(value -> value.equals("create-and-link") ? FAIL : WARN).orElse(WARN));
        }
    }

    private void attributeShape(String name, SchemaAttributeType attribute, String severity) {
        List<String> wrong = new ArrayList<>();
        if (attribute.attributeDataType() != null && !"String".equals(attribute.attributeDataTypeAsString())) {
            wrong.add("type " + attribute.attributeDataTypeAsString() + " (must be String)");
        }
        if (Boolean.FALSE.equals(attribute.mutable())) {
            wrong.add("immutable (must be mutable: unlink and link rewrite it)");
        }
        String max = attribute.stringAttributeConstraints() == null ? null
                : attribute.stringAttributeConstraints().maxLength();
        if (max != null && !max.equals(Integer.toString(UnlinkedRecord.MAX_LENGTH))) {
            wrong.add("max length " + max + " (should be " + UnlinkedRecord.MAX_LENGTH + ")");
        }
        if (wrong.isEmpty()) {
            check("schema " + name, PASS, "String, mutable, max length " + (max == null ? "unspecified" : max), null);
        } else {
            check("schema " + name, severity, "is " + String.join(", ", wrong),
                    "Cognito cannot change or remove a custom attribute once added, and the function reads exactly"
                            + " this name: see docs/operations.md, \"The two custom attributes\"");
        }
    }

    /**
     * No app client may write the two attributes: a person could then rewrite their own record with their access
     * token (clearing an unlink, or claiming a created user). Cognito lists WriteAttributes only when a client has
     * its own list; without one the client writes the default set, documented as the standard attributes only
     * (API reference, UserPoolClientType.WriteAttributes) but reported otherwise by older sources
     * (docs/cognito-facts.md#app-client-write-attributes), so doctor warns rather than passes.
     */
    private void appClients(List<UserPoolClientType> clients) {
        if (clients.isEmpty()) {
            check("app clients", PASS, "the pool has no app client", null);
            return;
        }
        for (UserPoolClientType appClient : clients) {
            String name = "app client " + appClient.clientName() + " (" + appClient.clientId() + ")";
            List<String> writes = appClient.writeAttributes();
            List<String> ours = writes.stream().filter(DoctorCommand::isMergeAttribute).toList();
            if (!ours.isEmpty()) {
                check(name, FAIL, "can write " + String.join(", ", ours) + ": a signed-in person could rewrite their"
                                + " own record (clear an unlink, claim a created user)",
                        "remove " + String.join(", ", ours) + " from the client's write attributes (the user-pool"
                                + " module's app client lists them without)");
            } else if (writes.isEmpty()) {
                check(name, WARN, "has no write attributes of its own: Cognito's default set applies, which may"
                                + " include custom attributes",
                        "give the client an explicit write_attributes list without custom:merge_*");
            } else {
                check(name, PASS, "cannot write custom:merge_*", null);
            }
        }
    }

    /** No identity provider may map a claim onto the two attributes: every sign-in would overwrite the record. */
    private void mappings(Map<String, IdentityProviderType> providers) {
        List<String> offenders = new ArrayList<>();
        providers.forEach((name, provider) -> provider.attributeMapping().keySet().stream()
                .filter(DoctorCommand::isMergeAttribute)
                .forEach(attribute -> offenders.add(name + " maps " + attribute)));
        if (offenders.isEmpty()) {
            check("provider mappings of custom:merge_*", PASS, "no identity provider maps custom:merge_unlinked or"
                    + " custom:merge_created", null);
        } else {
            check("provider mappings of custom:merge_*", FAIL, String.join("; ", offenders)
                            + ": every sign-in through it would overwrite the record",
                    "remove those entries from the provider's attribute mapping");
        }
    }

    private static boolean isMergeAttribute(String attribute) {
        return attribute.equals(UnlinkedRecord.ATTRIBUTE) || attribute.equals(UnlinkedRecord.CREATED_ATTRIBUTE);
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
    private boolean provider(String name, Optional<IdentityProviderType> provider) {
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
        Inventory inventory = Inventory.take(client, new Classifier(client.userPoolId(), arguments.providerNames(),
                client::mfaRegistered), out.progress(), 0);
        int repairable = inventory.count(Classification.REPAIRABLE);
        // Every federated-only profile whose email a native user holds, whatever its class (the
        // federated-email-unverified ones included): each is one person with two accounts.
        long split = inventory.splitAccounts();
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
                                    + " person (see docs/operations.md)"
                            : "review `reconcile`: none can be repaired automatically");
        }
    }

    private void check(String name, String status, String detail, String fix) {
        ObjectNode line = out.object();
        line.put("check", name);
        line.put("status", status);
        line.put("detail", detail);
        line.put("fix", fix);
        out.row(line);
        rows.add(new String[] {status, name, detail + (fix == null || PASS.equals(status) ? "" : " -> fix: " + fix)});
        failed |= FAIL.equals(status);
    }
}
