package dev.helpdesk.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.OAuth2Config;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the msal4j application for a mailbox: its authority, its token cache file, its app credential
 * and the HTTP settings. In production msal4j's own HTTP client talks to Microsoft: it goes through
 * {@code URL.openConnection()}, so the standard Java proxy settings ({@code https.proxyHost},
 * {@code https.proxyPort}, {@code http.nonProxyHosts}, {@code java.net.useSystemProxies}) apply, and it gets
 * timeouts, which msal4j leaves infinite by default. Tests hand in a fake identity provider instead.
 */
final class MsalApps {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final String DEFAULT_HOST = "login.microsoftonline.com";
    // msal4j adds these to every user sign-in itself; a token's cache entry never lists them.
    private static final Set<String> RESERVED = Set.of("openid", "profile", "offline_access");

    private final Optional<IHttpClient> http;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SecretReader secrets;

    MsalApps(SecretReader secrets) {
        this(secrets, Optional.empty(), CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** Test seam: a fake identity provider behind msal4j's HTTP interface, or other timeouts. */
    MsalApps(SecretReader secrets, Optional<IHttpClient> http, Duration connectTimeout, Duration readTimeout) {
        this.secrets = secrets;
        this.http = http;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** A public client (device flow and its refreshes); {@code cache} null for an in-memory cache only. */
    PublicClientApplication publicClient(OAuth2Config oauth, ITokenCacheAccessAspect cache) {
        return configure(PublicClientApplication.builder(oauth.clientId()), oauth, cache).build();
    }

    /** A confidential client with the mailbox's secret or certificate, read now. */
    ConfidentialClientApplication confidentialClient(MailboxConfig mailbox, ITokenCacheAccessAspect cache) {
        OAuth2Config oauth = mailbox.oauth2().orElseThrow();
        return configure(ConfidentialClientApplication.builder(oauth.clientId(), appCredential(mailbox, oauth)),
                oauth, cache).build();
    }

    private <T extends AbstractClientApplicationBase.Builder<T>> T configure(T builder, OAuth2Config oauth,
            ITokenCacheAccessAspect cache) {
        try {
            builder.authority(loginAuthority(oauth));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority " + loginAuthority(oauth) + " is not a URL", e);
        }
        builder.connectTimeoutForDefaultHttpClient(millis(connectTimeout))
                .readTimeoutForDefaultHttpClient(millis(readTimeout))
                // With discovery on, every new JVM asks login.microsoftonline.com for instance metadata before
                // it looks at the cache: one request per cron run even with a valid token (measured). One app
                // per mailbox, always at the same authority, has no use for the aliases discovery provides.
                .instanceDiscovery(false);
        http.ifPresent(builder::httpClient);
        if (cache != null) {
            builder.setTokenCacheAccessAspect(cache);
        }
        return builder;
    }

    /** The authority to sign in at: the configured one (a tenant is appended to a bare host), else Microsoft's. */
    static String loginAuthority(OAuth2Config oauth) {
        if (oauth.authority().isEmpty()) {
            return "https://" + DEFAULT_HOST + "/" + oauth.tenant() + "/";
        }
        String configured = oauth.authority().get();
        URI uri = URI.create(configured);
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            return "https://" + uri.getAuthority() + "/" + oauth.tenant() + "/";
        }
        return configured.endsWith("/") ? configured : configured + "/";
    }

    /**
     * The authority for silent calls: the login host with the tenant exactly as msal4j stored it in the cache
     * (the account's realm). msal4j keys cached access tokens by that realm; any other spelling of the same
     * tenant misses the cache and costs a token request at every run.
     */
    static String silentAuthority(OAuth2Config oauth, String realm) {
        URI login = URI.create(loginAuthority(oauth));
        return "https://" + login.getAuthority() + "/" + realm + "/";
    }

    /** Scopes for silent calls and cache lookups: the configured ones without the sign-in scopes msal4j adds. */
    static Set<String> resourceScopes(OAuth2Config oauth) {
        return Set.copyOf(oauth.effectiveScopes().stream().filter(s -> !RESERVED.contains(s)).toList());
    }

    static List<String> resourceScopeList(OAuth2Config oauth) {
        return oauth.effectiveScopes().stream().filter(s -> !RESERVED.contains(s)).toList();
    }

    private IClientCredential appCredential(MailboxConfig mailbox, OAuth2Config oauth) {
        if (oauth.clientCertificate().isPresent()) {
            String pem = secrets.read(mailbox.name(), "client certificate", oauth.clientCertificate().get());
            PemCertificate certificate = PemCertificate.parse(mailbox.name(), oauth.clientCertificate().get(), pem);
            return ClientCredentialFactory.createFromCertificateChain(certificate.key(), certificate.chain());
        }
        return ClientCredentialFactory.createFromSecret(
                secrets.read(mailbox.name(), "client secret", oauth.clientSecret().orElseThrow()));
    }

    private static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }
}
