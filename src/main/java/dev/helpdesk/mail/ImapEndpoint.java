package dev.helpdesk.mail;

import dev.helpdesk.config.Security;
import java.time.Duration;
import java.util.Objects;

/** Where and how to reach one IMAP mailbox: host, port, transport security, login name and time limits. */
public record ImapEndpoint(
        String host, int port, Security security, String username, Duration connectTimeout, Duration readTimeout) {

    public ImapEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("IMAP host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("IMAP port " + port + " is outside 1..65535");
        }
        if (username.isBlank()) {
            throw new IllegalArgumentException("IMAP username is blank");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("read timeout must be positive, got " + readTimeout);
        }
    }

    /** {@code host:port (security)}, the way error messages name the server. */
    String describe() {
        return host + ":" + port + " (" + security.json() + ")";
    }
}
