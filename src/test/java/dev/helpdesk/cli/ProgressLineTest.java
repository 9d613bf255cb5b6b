package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The live progress line: its words, how often it is redrawn, and that it is wiped at the end. */
class ProgressLineTest {
    private final StringWriter out = new StringWriter();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final ProgressLine line = new ProgressLine(new PrintWriter(out, true), clock, 120);

    @Test
    void saysMessagesAndBytesOfTheTotalRateAndTimeLeft() {
        assertEquals("support: 1,234 of 5,000 messages (12.3 MB of 48.0 MB), 410 msg/s, about 10s left",
                ProgressLine.text("support", 1234, 5000, (long) (12.3 * 1024 * 1024), 48L * 1024 * 1024,
                        Duration.ofMillis(3010)));
        assertEquals("support: 0 of 5,000 messages (0 B of 48.0 MB)",
                ProgressLine.text("support", 0, 5000, 0, 48L * 1024 * 1024, Duration.ofSeconds(2)));
        assertEquals("support: 5,000 of 5,000 messages (48.0 MB of 48.0 MB), 2.5 msg/s",
                ProgressLine.text("support", 5000, 5000, 48L * 1024 * 1024, 48L * 1024 * 1024, Duration.ofMinutes(33)
                        .plusSeconds(20)));
        assertTrue(ProgressLine.text("sup\u001B[2Jport", 0, 1, 0, 1, Duration.ZERO).startsWith("sup\\x1B[2Jport: "),
                "no raw control reaches the terminal");
    }

    @Test
    void drawsInPlaceAtMostFourTimesASecondAndWipesItselfAtTheEnd() {
        line.planned("support", 400, 800_000);
        assertEquals("\rsupport: 0 of 400 messages (0 B of 781.3 KB)", out.toString(), "drawn at once");

        clock.advance(Duration.ofMillis(100));
        line.done("support", 100, 200_000);
        assertEquals("\rsupport: 0 of 400 messages (0 B of 781.3 KB)", out.toString(), "not again within 250 ms");

        clock.advance(Duration.ofMillis(900));
        line.done("support", 100, 200_000);
        String second = "\rsupport: 200 of 400 messages (390.6 KB of 781.3 KB), 200 msg/s, about 1s left";
        assertEquals("\rsupport: 0 of 400 messages (0 B of 781.3 KB)" + second, out.toString());

        line.finished("support");
        assertTrue(out.toString().endsWith(second + "\r" + " ".repeat(second.length() - 1) + "\r"),
                "wiped: " + out.toString().replace("\r", "<CR>"));
        line.finished("support");
        assertTrue(out.toString().endsWith(" \r"), "a second finish draws nothing");
    }

    @Test
    void neverWiderThanTheTerminal() {
        ProgressLine narrow = new ProgressLine(new PrintWriter(out, true), clock, 40);
        narrow.planned("support", 5000, 48L * 1024 * 1024);
        assertEquals("\rsupport: 0 of 5,000 messages (0 B of 48", out.toString());
    }
}
