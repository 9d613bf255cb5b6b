package dev.helpdesk.mail;

import java.util.Objects;

/** A message's exact bytes as the server holds them, with its UID; in memory or spooled, see {@link Content}. */
public record RawMessage(long uid, Content content) {
    public RawMessage {
        UidSet.requireUid(uid);
        Objects.requireNonNull(content, "content");
    }
}
