package dev.cognitomerge.decision;

/**
 * When two emails are the same address for linking: equal once the ASCII letters A-Z are lower-cased, and
 * in every other character identical. Deliberately not {@code toLowerCase}/{@code equalsIgnoreCase}: Unicode
 * case rules map the Kelvin sign (U+212A) to 'k' and the Angstrom sign to 'å', so an IdP-verified
 * "\u212Aate@example.com" would match the account of kate@example.com. No normalisation either: an NFD
 * "é", a Cyrillic "а" or a full-width letter make a different address, which is never linked (a missed link
 * leaves a second account; a wrong one hands over the first).
 */
public final class EmailKey {

    private EmailKey() {
    }

    /** The email with A-Z lower-cased and nothing else changed (same length, same other characters). */
    public static String of(String email) {
        char[] chars = email.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
