package dev.helpdesk.mail;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A mailbox address, normalised (trimmed, lower-cased) so it can key a customer, with its decoded display name. */
public record Address(String email, Optional<String> name) {
    public Address {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        email = email.strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            throw new IllegalArgumentException("empty email address");
        }
        name = name.map(String::strip).filter(n -> !n.isEmpty());
    }
}
