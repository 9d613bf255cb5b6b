package dev.helpdesk.mail;

import java.time.Instant;
import java.util.Objects;

/**
 * What a TLS handshake showed: the protocol and cipher agreed, and the server certificate's subject, issuer and
 * validity. Subject and issuer are the server's text.
 */
public record TlsFacts(String protocol, String cipher, String subject, String issuer, Instant notBefore,
        Instant notAfter) {
    public TlsFacts {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }
}
