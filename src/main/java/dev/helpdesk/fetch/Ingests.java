package dev.helpdesk.fetch;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.MessageParser;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Builds each mailbox's {@link Ingest}: the one place that knows which addresses are a mailbox's own. */
public final class Ingests {
    private final MessageParser parser;
    private final Config config;
    private final Runnable hashing;

    /** {@code hashing}: told before each message is prepared, which hashes it (see {@link Ingest}). */
    public Ingests(MessageParser parser, Config config, Runnable hashing) {
        this.parser = parser;
        this.config = config;
        this.hashing = hashing;
    }

    /**
     * The mailbox's own addresses (its "addresses" and its login, when that is an address) guard against
     * loops; a mailbox no longer in the config has none that are known.
     */
    public Ingest forMailbox(String name) {
        Set<String> own = new HashSet<>();
        config.mailbox(name).ifPresent(mailbox -> {
            own.addAll(mailbox.addresses());
            if (mailbox.username().contains("@")) {
                own.add(mailbox.username().toLowerCase(Locale.ROOT));
            }
        });
        return new Ingest(parser, name, own, config.limits().maxAttachmentSize(), hashing);
    }

    Ingest forMailbox(MailboxConfig mailbox) {
        return forMailbox(mailbox.name());
    }
}
