package dev.helpdesk.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Which stored messages a new one may reply to, most telling first. */
public final class Threading {
    private Threading() {
    }

    /**
     * In-Reply-To first, then References from the newest (last) to the oldest: the nearest ancestor
     * that we stored decides the conversation.
     */
    public static List<String> parentCandidates(Optional<String> inReplyTo, List<String> references) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        inReplyTo.ifPresent(ids::add);
        List<String> newestFirst = new ArrayList<>(references);
        java.util.Collections.reverse(newestFirst);
        ids.addAll(newestFirst);
        return List.copyOf(ids);
    }
}
