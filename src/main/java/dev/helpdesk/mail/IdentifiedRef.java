package dev.helpdesk.mail;

import java.util.Objects;
import java.util.Optional;

/** A message on the server by UID and size, with the Message-ID its header names, read without its body. */
public record IdentifiedRef(MessageRef ref, Optional<String> messageId) {
    public IdentifiedRef {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(messageId, "messageId");
    }
}
