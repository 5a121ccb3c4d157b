package dev.cognitomerge.cognito;

import java.security.SecureRandom;

/**
 * The password of a user the function creates: nobody ever knows it; it exists so that the user is CONFIRMED
 * and "forgot password" works. It satisfies any pool policy: a policy's minimum length is at most 99 and a
 * password at most 256 characters (docs/cognito-facts.md#password-policy-limits), and it always has an
 * upper-case letter, a lower-case letter, a digit and one of Cognito's symbols.
 */
final class RandomPassword {

    static final int LENGTH = 128;
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    /** The special characters Cognito's password policy counts as symbols. */
    static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;

    private RandomPassword() {
    }

    /**
     * A generator per password, never a static one: Quarkus initialises application classes while building the
     * native image, so a static SecureRandom would be seeded at build time and frozen into every executable (the
     * build refuses it), and one seeded before a SnapStart snapshot would be shared by every restored instance.
     * Creating one per created user costs nothing that matters on this rare path.
     */
    static String generate() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[LENGTH];
        String[] required = {UPPER, LOWER, DIGITS, SYMBOLS};
        for (int i = 0; i < LENGTH; i++) {
            String from = i < required.length ? required[i] : ALL;
            password[i] = from.charAt(random.nextInt(from.length()));
        }
        // The required classes were put first; shuffle so no position is predictable.
        for (int i = LENGTH - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return new String(password);
    }
}
