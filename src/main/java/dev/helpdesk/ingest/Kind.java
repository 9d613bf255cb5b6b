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

    /**
     * Whether it may open a new conversation: a person's mail, also through a list (a support address is
     * often a list or group). Auto-replies, bounces and our own mail never do: no auto-reply ping-pong.
     */
    public boolean opensConversation() {
        return this == NORMAL || this == LIST;
    }

    /** Whether it reopens a closed conversation: only a person writing to us directly. */
    public boolean reopensConversation() {
        return this == NORMAL;
    }

    /** Whether its sender becomes a participant (who may then thread by a [#N] subject marker). */
    public boolean makesParticipant() {
        return opensConversation();
    }
}
