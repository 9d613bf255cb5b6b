package dev.helpdesk.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a mailbox gets its Microsoft 365 access token.
 *
 * <p>{@link Flow#CLIENT_CREDENTIALS} needs exactly one app credential: {@code clientSecret}, or
 * {@code clientCertificate} (a PEM file or variable holding the private key and its certificate).
 * The device flow runs as a public client and has no use for either; a secret is still accepted
 * there because the example in DESIGN.md, which must load as written, carries one.
 *
 * @param scopes empty for the flow's default ({@link #DEVICE_SCOPES} or {@link #APP_SCOPES}); other
 *     clouds name their own IMAP resource
 */
public record OAuth2Config(
        Flow flow, String tenant, String clientId, Optional<SecretRef> clientSecret,
        Optional<String> authority, Optional<SecretRef> clientCertificate, List<String> scopes) {

    /** Delegated IMAP access for the person who logs in, and a refresh token to keep it. */
    public static final List<String> DEVICE_SCOPES =
            List.of("https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access");
    /** App-only access: the IMAP permission granted to the app registration itself. */
    public static final List<String> APP_SCOPES = List.of("https://outlook.office365.com/.default");

    /** The grant: {@code "device"} (a person logs in once) or {@code "client-credentials"}. */
    public enum Flow {
        DEVICE("device"),
        CLIENT_CREDENTIALS("client-credentials");

        static final String EXPECTED = "\"device\" or \"client-credentials\"";
        private final String json;

        Flow(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Optional<Flow> fromJson(String json) {
            return Arrays.stream(values()).filter(f -> f.json.equals(json)).findFirst();
        }

        @Override
        public String toString() {
            return json;
        }
    }

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

    public OAuth2Config {
        Objects.requireNonNull(flow, "flow");
        checkTenant(tenant);
        checkClientId(clientId);
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(authority, "authority");
        authority.ifPresent(OAuth2Config::checkAuthority);
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        scopes = List.copyOf(scopes);
        checkScopes(flow, scopes);
        checkAppCredential(flow, clientSecret.isPresent(), clientCertificate.isPresent());
    }

    /** The shape before certificates and scopes could be configured: a secret, the default scopes. */
    public OAuth2Config(Flow flow, String tenant, String clientId, Optional<SecretRef> clientSecret,
            Optional<String> authority) {
        this(flow, tenant, clientId, clientSecret, authority, Optional.empty(), List.of());
    }

    /** The scopes to ask for: the configured ones, else the flow's default. */
    public List<String> effectiveScopes() {
        return !scopes.isEmpty() ? scopes : flow == Flow.DEVICE ? DEVICE_SCOPES : APP_SCOPES;
    }

    static String missingSecret() {
        return "flow \"client-credentials\" needs a client secret: add"
                + " \"clientSecret\": {\"env\": \"VAR\"} or {\"file\": \"/path\"}"
                + " (or a certificate: \"clientCertificate\": {\"file\": \"/path/app.pem\"})";
    }

    static final String BOTH_CREDENTIALS =
            "\"clientSecret\" and \"clientCertificate\" exclude each other; keep one";
    static final String CERTIFICATE_ON_DEVICE = "\"clientCertificate\" is only for flow"
            + " \"client-credentials\"; the device flow signs a person in and uses no app credential";

    static void checkAppCredential(Flow flow, boolean secret, boolean certificate) {
        if (flow == Flow.DEVICE && certificate) {
            throw new IllegalArgumentException(CERTIFICATE_ON_DEVICE);
        }
        if (flow == Flow.CLIENT_CREDENTIALS && secret && certificate) {
            throw new IllegalArgumentException(BOTH_CREDENTIALS);
        }
        if (flow == Flow.CLIENT_CREDENTIALS && !secret && !certificate) {
            throw new IllegalArgumentException(missingSecret());
        }
    }

    static String checkScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank() || !scope.equals(scope.strip()) || scope.contains(" ")) {
            throw new IllegalArgumentException("expected a scope such as"
                    + " https://outlook.office.com/IMAP.AccessAsUser.All, without spaces, got "
                    + Values.quote(scope));
        }
        return scope;
    }

    // An app-only token is issued for a resource's granted permissions as a whole, named by /.default.
    static void checkScopes(Flow flow, List<String> scopes) {
        scopes.forEach(OAuth2Config::checkScope);
        if (flow == Flow.CLIENT_CREDENTIALS && !scopes.isEmpty()
                && (scopes.size() != 1 || !scopes.get(0).endsWith("/.default"))) {
            throw new IllegalArgumentException("flow \"client-credentials\" takes exactly one scope ending"
                    + " in /.default, such as https://outlook.office365.com/.default, got " + scopes);
        }
    }

    static String checkTenant(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("expected a tenant such as contoso.onmicrosoft.com or the"
                    + " tenant's GUID, got " + Values.quote(tenant));
        }
        return tenant;
    }

    static String checkClientId(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (!GUID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("expected the application (client) ID from the app"
                    + " registration, a GUID such as 4a1aa1d5-c567-49d0-ad0b-cd957a47f842, got "
                    + Values.quote(clientId));
        }
        return clientId;
    }

    // msal4j refuses http:// authorities, so catching that here saves a confusing failure at login.
    static String checkAuthority(String authority) {
        if (!authority.matches("https://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException("expected an https:// URL such as"
                    + " https://login.microsoftonline.com/contoso.onmicrosoft.com/, got "
                    + Values.quote(authority));
        }
        return authority;
    }
}
