package dev.helpdesk.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A store on PostgreSQL, shared by every host that runs helpdesk: {@code "store": {"postgres": {...}}}.
 *
 * @param url a {@code jdbc:postgresql://host:port/database} URL, without credentials
 * @param sslMode the driver's sslmode, when set (verify-full checks the server's certificate and name)
 * @param sslRootCert the CA certificate verify-ca and verify-full check the server against
 */
public record PostgresConfig(String url, String user, SecretRef password, Optional<String> sslMode,
        Optional<Path> sslRootCert) {

    static final String URL_EXPECTED = "a JDBC URL such as jdbc:postgresql://db.example.com:5432/helpdesk";
    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public PostgresConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
    }

    /** The URL as written, if it is one this store can use; the reason otherwise. */
    static String checkUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("expected " + URL_EXPECTED + ", got " + Values.quote(url));
        }
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
        for (String parameter : query.split("&")) {
            String key = parameter.split("=", 2)[0];
            if (key.equals("password") || key.equals("user") || key.equals("sslmode")) {
                // Not quoted back: a password may be sitting in it.
                throw new IllegalArgumentException("the URL must not carry " + key + "=; use the \"" + key
                        + "\" key beside \"url\" instead" + (key.equals("password")
                        ? " ({\"env\": \"VAR\"} or {\"file\": \"/path\"}), since config files get copied around" : ""));
            }
        }
        return url;
    }

    static String checkSslMode(String mode) {
        if (!SSL_MODES.contains(mode)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", SSL_MODES) + ", got "
                    + Values.quote(mode));
        }
        return mode;
    }
}
