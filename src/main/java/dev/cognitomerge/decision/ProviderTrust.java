package dev.cognitomerge.decision;

import java.util.Optional;

/**
 * How far one identity provider is trusted: whether its {@code email_verified} must be true, and which event
 * attribute carries its unchanged subject. A SAML provider sends no {@code email_verified}, so it needs its own
 * rule rather than a weaker global one.
 */
public record ProviderTrust(boolean requireVerifiedEmail, Optional<String> subjectAttribute) {

    public ProviderTrust {
        subjectAttribute = subjectAttribute == null ? Optional.empty()
                : subjectAttribute.filter(name -> !name.isBlank());
    }
}
