package dev.helpdesk.mail;

import java.util.Optional;

/** How a TLS handshake of {@link ConnectionProbe} went: verified, not trusted, or the other side speaks no TLS. */
public sealed interface TlsResult {

    /** The certificate chains to a trusted root and names the host: what a fetch needs. */
    record Verified(TlsFacts facts) implements TlsResult {
    }

    /**
     * The handshake worked but the certificate is not trusted or names another host; {@code facts} come from a
     * second look that verified nothing and sent nothing, only so the admin can see the certificate.
     */
    record Untrusted(Optional<TlsFacts> facts, String why) implements TlsResult {
    }

    /**
     * The other side does not speak TLS here; {@code plainAnswer} is the first line it sends in plain text on a
     * fresh connection (an IMAP greeting means a plain-text IMAP port), empty when it sends nothing.
     */
    record NotTls(String why, Optional<String> plainAnswer) implements TlsResult {
    }
}
