package dev.helpdesk.fetch;

import dev.helpdesk.ingest.Kind;
import dev.helpdesk.ingest.SubjectMarker;
import dev.helpdesk.ingest.Threading;
import dev.helpdesk.mail.Address;
import dev.helpdesk.mail.ParsedMessage;
import dev.helpdesk.store.ConversationTable;
import dev.helpdesk.store.ConversationTable.Conversation;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a new message's conversation inside the chunk's transaction. Headers first (In-Reply-To, then
 * References newest first, and for a bounce the message it returns); then a {@code [#N]} subject marker,
 * trusted only when the sender already takes part in conversation N; else a new conversation, if the
 * message's {@link Kind} may open one. Its own Message-ID is never a parent: a different mail reusing a
 * stored ID threads by its own references, not into the mail whose ID it reuses.
 */
final class Threader {
    private final String mailbox;

    Threader(String mailbox) {
        this.mailbox = mailbox;
    }

    Optional<Long> conversationFor(Tx tx, ParsedMessage parsed, Kind kind, Instant now) {
        ConversationTable conversations = tx.conversations();
        Optional<String> sender = parsed.from().map(Address::email);
        List<String> parents = new ArrayList<>(Threading.parentCandidates(parsed.inReplyTo(), parsed.references()));
        if (kind == Kind.BOUNCE) {
            parsed.returnedMessageId().ifPresent(parents::add); // a bounce joins the message it returns
        }
        parsed.messageId().ifPresent(parents::remove);
        Optional<Long> found = Optional.empty();
        for (String parent : parents) {
            found = tx.messages().conversationOf(mailbox, parent);
            if (found.isPresent()) {
                break;
            }
        }
        if (found.isEmpty() && sender.isPresent()) {
            found = SubjectMarker.find(parsed.subject())
                    .flatMap(number -> conversations.find(mailbox, number))
                    .map(Conversation::number)
                    .filter(number -> conversations.isParticipant(number, sender.get()));
        }
        if (found.isPresent()) {
            long number = found.get();
            if (kind.makesParticipant()) {
                sender.ifPresent(email -> conversations.addParticipant(number, email));
            }
            return found; // the message joining it moves its activity time, and may reopen it (MessageTable.add)
        }
        if (!kind.opensConversation()) {
            return Optional.empty(); // stored and flagged, but it opens nothing
        }
        Optional<Long> customer = parsed.from().map(from -> conversations.customer(from.email(), from.name()));
        long number = conversations.open(mailbox, parsed.subject(), customer, now);
        sender.ifPresent(email -> conversations.addParticipant(number, email));
        return Optional.of(number);
    }
}
