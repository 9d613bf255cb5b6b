package dev.helpdesk.fetch;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.NativeSha256;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Builds each mailbox's {@link Ingest}: the one place that knows which addresses are a mailbox's own. */
public final class Ingests {
    private final MessageParser parser;
    private final Config config;
    /** NSS for the hashes, loaded when the first message of any mailbox is about to be hashed. */
    private final NativeSha256 nativeSha256 = new NativeSha256();

    public Ingests(MessageParser parser, Config config) {
        this.parser = parser;
        this.config = config;
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
        return new Ingest(parser, name, own, config.limits().maxAttachmentSize(), nativeSha256);
    }

    Ingest forMailbox(MailboxConfig mailbox) {
        return forMailbox(mailbox.name());
    }
}
