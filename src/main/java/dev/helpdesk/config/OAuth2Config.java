package dev.helpdesk.config;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a mailbox gets its Microsoft 365 access token.
 *
 * <p>{@code clientSecret} is required for {@link Flow#CLIENT_CREDENTIALS}. The device flow runs as
 * a public client and has no use for one; it is still accepted there because the example in
 * DESIGN.md, which must load as written, carries one.
 */
public record OAuth2Config(
        Flow flow, String tenant, String clientId, Optional<SecretRef> clientSecret,
        Optional<String> authority) {

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
        if (flow == Flow.CLIENT_CREDENTIALS && clientSecret.isEmpty()) {
            throw new IllegalArgumentException(missingSecret());
        }
    }

    static String missingSecret() {
        return "flow \"client-credentials\" needs a client secret: add"
                + " \"clientSecret\": {\"env\": \"VAR\"} or {\"file\": \"/path\"}";
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
