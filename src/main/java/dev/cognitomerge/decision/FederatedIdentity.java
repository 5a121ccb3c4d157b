package dev.cognitomerge.decision;

/**
 * The identity signing in: the provider name as configured (the link's source ProviderName) and the
 * IdP subject (the link's source {@code Cognito_Subject} value).
 */
public record FederatedIdentity(String providerName, String subject) {
}
