package dev.helpdesk.mail;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What a header section alone tells about a message: who sent it, about what, and when. */
public record HeaderSummary(Optional<Address> from, String subject, Optional<Instant> date) {
    public HeaderSummary {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
    }
}
