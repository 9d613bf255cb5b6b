package dev.helpdesk.ingest;

import java.util.Locale;

/** What sort of mail a message is, for threading and for whether it may open or reopen a conversation. */
public enum Kind {
    /** Written by a person to the helpdesk. */
    NORMAL,
    /** An out-of-office or other automatic answer (Auto-Submitted, X-Autoreply, Precedence: auto_reply ...). */
    AUTO_REPLY,
    /** A delivery failure report returning one of our messages. */
    BOUNCE,
    /** Sent from one of our own mailbox addresses: a loop if we treated it as a customer. */
    OWN,
    /** Mailing-list or bulk mail (List-Id, Precedence: list/bulk/junk). */
    LIST;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Only a person's mail opens a new conversation or reopens a closed one. */
    public boolean mayOpen() {
        return this == NORMAL;
    }
}
