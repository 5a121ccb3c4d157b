package dev.cognitomerge.audit;

/** Masks an email for logs: first character of the local part, then the domain ({@code j***@example.com}). */
public final class EmailMask {

    private EmailMask() {
    }

    public static String mask(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        String domain = email.substring(at + 1);
        if (domain.length() > 100) {
            domain = domain.substring(0, 100) + "...";
        }
        return email.codePoints().limit(1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append) + "***@" + domain;
    }
}
