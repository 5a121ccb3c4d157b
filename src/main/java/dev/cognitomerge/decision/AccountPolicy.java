package dev.cognitomerge.decision;

import java.util.List;

/**
 * The settings that keep one account per email whichever way the person arrives (built from
 * {@code MergeConfig} at start). Kept apart from {@link LinkPolicy}: the link rules hold without them.
 *
 * @param copyAttributes event attributes copied onto a user the function creates, besides email and
 *     email_verified (merge.create.copy-attributes)
 */
public record AccountPolicy(WhenNoNativeUser whenNoNativeUser, NativeSignUpGuard nativeSignUpGuard,
        List<String> copyAttributes) {

    /** Both off: the function behaves exactly as it did before these settings existed. */
    public static final AccountPolicy DEFAULTS = new AccountPolicy(WhenNoNativeUser.CONTINUE, NativeSignUpGuard.OFF,
            List.of());

    public AccountPolicy {
        copyAttributes = copyAttributes == null ? List.of() : List.copyOf(copyAttributes);
    }

    boolean createsAndLinks() {
        return whenNoNativeUser == WhenNoNativeUser.CREATE_AND_LINK;
    }

    boolean guardsNativeSignUp() {
        return nativeSignUpGuard == NativeSignUpGuard.REFUSE;
    }
}
