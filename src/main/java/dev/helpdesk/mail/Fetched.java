package dev.helpdesk.mail;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a body fetch got.
 *
 * @param messages the bodies that arrived whole, in the order asked for
 * @param refused the UIDs still in the folder whose body the server would not give, even asked for alone,
 *     with the server's words (a tagged NO's text, or that it sent NIL or no body)
 * @param cut true when the fetch stopped early, because the deadline passed or the connection was lost: the
 *     UIDs neither in {@code messages} nor in {@code refused} were not reached, and the connection is gone
 * @param lost the lost connection, when that is why it stopped: the bodies that arrived are still kept
 */
public record Fetched(List<RawMessage> messages, Map<Long, String> refused, boolean cut, Optional<MailException> lost) {
    public Fetched {
        messages = List.copyOf(messages);
        refused = Map.copyOf(Objects.requireNonNull(refused, "refused"));
        Objects.requireNonNull(lost, "lost");
    }
}
