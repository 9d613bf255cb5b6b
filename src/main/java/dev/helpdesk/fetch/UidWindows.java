package dev.helpdesk.fetch;

import dev.helpdesk.mail.FolderSession;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Walks a folder's messages from a UID upwards in windows of UIDs ({@code UID FETCH a:b}), so no listing ever
 * holds the whole folder: about 4,000 messages per window (each window ends with the drain's pipeline empty, so
 * fewer windows mean fewer pauses; 4,000 references are a few hundred KB), the span doubling over gaps (up to
 * {@value #MAX_SPAN} UIDs, which also bounds a window's size) and shrinking where UIDs are dense. Ends at the
 * folder's UIDNEXT as reported when it was selected; mail arriving later waits for the next run.
 */
final class UidWindows<T> {
    static final long TARGET = 4000;
    static final long MAX_SPAN = 65_536;

    /** Lists a range of UIDs: sizes only, or sizes with Message-IDs. */
    interface Lister<T> {
        List<T> list(FolderSession folder, long fromUid, long toUid);
    }

    /** One window: the UID range asked for and the messages in it, ascending. */
    record Window<T>(long from, long to, List<T> items) {
    }

    private final FolderSession folder;
    private final Lister<T> lister;
    private final ToLongFunction<T> uidOf;
    private final long end;
    private long cursor;
    private long span = TARGET;

    UidWindows(FolderSession folder, long fromUid, Lister<T> lister, ToLongFunction<T> uidOf) {
        this.folder = folder;
        this.lister = lister;
        this.uidOf = uidOf;
        // Without UIDNEXT the end is unknown: one open-ended window, as servers that old are small.
        this.end = folder.uidNext() > 0 ? folder.uidNext() - 1 : Long.MAX_VALUE;
        this.cursor = Math.max(1, fromUid);
    }

    Optional<Window<T>> next() {
        if (cursor > end || cursor > dev.helpdesk.mail.MessageRef.MAX_UID) {
            return Optional.empty();
        }
        long to = end == Long.MAX_VALUE ? dev.helpdesk.mail.MessageRef.MAX_UID : Math.min(end, cursor + span - 1);
        List<T> items = lister.list(folder, cursor, to);
        Window<T> window = new Window<>(cursor, to, items);
        cursor = to + 1;
        if (items.size() < TARGET / 2) {
            span = Math.min(MAX_SPAN, span * 2);
        } else if (items.size() > TARGET * 2) {
            span = Math.max(TARGET, span / 2);
        }
        return Optional.of(window);
    }

    /** Messages in the folder beyond this window: EXISTS minus the position of its last message. */
    int beyond(Window<T> window) {
        if (window.items().isEmpty()) {
            return 0;
        }
        int position = folder.position(uidOf.applyAsLong(window.items().get(window.items().size() - 1)));
        return position == 0 ? 0 : Math.max(0, folder.messageCount() - position);
    }
}
