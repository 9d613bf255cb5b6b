package dev.helpdesk.cli;

import dev.helpdesk.fetch.DrainProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live line a manual {@code fetch} draws on a terminal's stderr: per mailbox, messages and bytes done of
 * those waiting, the rate and the time left, redrawn in place with a carriage return at most four times a second
 * and wiped when the mailbox is done. Mailboxes drained side by side share the line.
 */
final class ProgressLine implements DrainProgress {
    static final Duration EVERY = Duration.ofMillis(250);

    private final PrintWriter err;
    private final Clock clock;
    private final int width;
    private final Map<String, Mailbox> active = new LinkedHashMap<>();
    private Instant drawnAt;
    private int drawn;

    ProgressLine(PrintWriter err, Clock clock, int columns) {
        this.err = err;
        this.clock = clock;
        this.width = Math.max(20, columns - 1); // a full-width line would wrap on some terminals, and \r then fails
    }

    /** One mailbox's counts since its first listing window. */
    private static final class Mailbox {
        final Instant start;
        long totalMessages;
        long totalBytes;
        long doneMessages;
        long doneBytes;

        Mailbox(Instant start) {
            this.start = start;
        }
    }

    @Override
    public synchronized void planned(String mailbox, int messages, long bytes) {
        Mailbox m = active.computeIfAbsent(mailbox, name -> new Mailbox(clock.instant()));
        m.totalMessages += messages;
        m.totalBytes += bytes;
        draw(drawnAt == null);
    }

    @Override
    public synchronized void done(String mailbox, int messages, long bytes) {
        Mailbox m = active.computeIfAbsent(mailbox, name -> new Mailbox(clock.instant()));
        m.doneMessages += messages;
        m.doneBytes += bytes;
        draw(false);
    }

    @Override
    public synchronized void finished(String mailbox) {
        if (active.remove(mailbox) == null) {
            return;
        }
        if (active.isEmpty()) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
            drawnAt = null;
        } else {
            draw(true);
        }
    }

    private void draw(boolean now) {
        Instant at = clock.instant();
        if (!now && drawnAt != null && Duration.between(drawnAt, at).compareTo(EVERY) < 0) {
            return;
        }
        String line = active.entrySet().stream().map(e -> text(e.getKey(), e.getValue(), at))
                .collect(Collectors.joining("; "));
        if (line.length() > width) {
            line = line.substring(0, width);
        }
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
        drawnAt = at;
    }

    /** "support: 1,234 of 5,000 messages (12.3 MB of 48.0 MB), 410 msg/s, about 9s left". */
    static String text(String mailbox, long doneMessages, long totalMessages, long doneBytes, long totalBytes,
            Duration elapsed) {
        long total = Math.max(totalMessages, doneMessages);
        String line = SafeText.line(mailbox) + ": " + String.format(Locale.ROOT, "%,d of %,d messages", doneMessages,
                total) + " (" + HumanUnits.bytes(doneBytes) + " of " + HumanUnits.bytes(Math.max(totalBytes, doneBytes))
                + ")";
        double seconds = elapsed.toMillis() / 1000.0;
        if (doneMessages == 0 || seconds < 1) {
            return line;
        }
        double rate = doneMessages / seconds;
        long left = (long) Math.ceil((total - doneMessages) / rate);
        return line + ", " + String.format(Locale.ROOT, rate >= 10 ? "%,.0f" : "%.1f", rate) + " msg/s"
                + (total > doneMessages ? ", about " + HumanUnits.duration(Duration.ofSeconds(left)) + " left" : "");
    }

    private static String text(String mailbox, Mailbox m, Instant now) {
        return text(mailbox, m.doneMessages, m.totalMessages, m.doneBytes, m.totalBytes, Duration.between(m.start, now));
    }
}
