package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The clock Main hands every command: the system's time, and its zone once a command asks for it. */
class SystemClockTest {
    @Test
    void tellsTheSystemsTimeAndZone() {
        Clock clock = new SystemClock();
        Instant before = Instant.now();
        Instant now = clock.instant();
        assertTrue(!now.isBefore(before) && Duration.between(before, now).toSeconds() < 5, now + " vs " + before);
        assertTrue(Math.abs(clock.millis() - System.currentTimeMillis()) < 5_000);
        assertEquals(ZoneId.systemDefault(), clock.getZone());
        assertEquals(ZoneOffset.ofHours(3), clock.withZone(ZoneOffset.ofHours(3)).getZone());
    }
}
