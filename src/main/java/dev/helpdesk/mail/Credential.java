package dev.helpdesk.mail;

import java.util.Objects;

/** What proves the mailbox user to the IMAP server; {@code toString()} never shows the secret. */
public sealed interface Credential {

    /** The secret as sent on the wire: a password for LOGIN, a bearer token for XOAUTH2. */
    String secret();

    /** A password sent with the server's ordinary login. */
    record Password(String secret) implements Credential {
        public Password {
            requireSecret(secret, "password");
        }

        @Override
        public String toString() {
            return "Password[***]";
        }
    }

    /** An OAuth 2 access token, sent only with SASL XOAUTH2 and only to a server that advertises it. */
    record AccessToken(String token) implements Credential {
        public AccessToken {
            requireSecret(token, "access token");
        }

        @Override
        public String secret() {
            return token;
        }

        @Override
        public String toString() {
            return "AccessToken[***]";
        }
    }

    private static void requireSecret(String secret, String what) {
        Objects.requireNonNull(secret, what);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
    }
}
