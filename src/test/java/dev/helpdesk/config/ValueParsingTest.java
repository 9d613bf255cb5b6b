package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small parsers every config value goes through: durations, sizes and afterFetch. */
class ValueParsingTest {

    @Test
    void parsesDurationsInSecondsMinutesHoursAndDays() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10 minutes", "-5m", "0s", "0m", "05m", "1.5h", "10M", "2w",
            " 10m", "10m ", "1h30m", "9999999999d"})
    void rejectsOtherDurationsNamingTheExpectedForm(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().startsWith("expected a duration such as 90s, 10m, 2h or 1d"));
        assertTrue(e.getMessage().endsWith("got " + Values.quote(text)), e.getMessage());
    }

    @Test
    void formatsDurationsInTheLargestExactUnitAndReadsThemBack() {
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("10m", Durations.format(Duration.ofSeconds(600)));
        assertEquals("2h", Durations.format(Duration.ofMinutes(120)));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("25h", Durations.format(Duration.ofHours(25)));
        assertEquals("0s", Durations.format(Duration.ofMillis(999)));
        for (String text : new String[] {"1s", "59s", "61s", "4m", "90m", "36h", "7d"}) {
            assertEquals(Durations.parse(text), Durations.parse(Durations.format(Durations.parse(text))));
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.format(Duration.ofSeconds(-1)));
    }

    @Test
    void parsesSizesInPowersOf1024() {
        assertEquals(200L * 1024 * 1024, ByteSizes.parse("200MB"));
        assertEquals(26_214_400L, ByteSizes.parse("25MB"));
        assertEquals(26_214_400L, ByteSizes.parse("25 mb"));
        assertEquals(26_214_400L, ByteSizes.parse("25MiB"));
        assertEquals(512L * 1024, ByteSizes.parse("512KB"));
        assertEquals(4096L, ByteSizes.parse("4096B"));
        assertEquals(2L << 30, ByteSizes.parse("2GB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "200", "MB", "-1MB", "0MB", "1.5MB", "25 megabytes", "25TB",
            "25  MB", "lots", "9999999999999999GB"})
    void rejectsOtherSizesNamingTheExpectedForm(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
        assertTrue(e.getMessage().startsWith("expected a size such as 200MB"), e.getMessage());
        assertTrue(e.getMessage().contains("got " + Values.quote(text)), e.getMessage());
    }

    @Test
    void formatsSizesInTheLargestExactUnitAndReadsThemBack() {
        assertEquals("200MB", ByteSizes.format(209_715_200L));
        assertEquals("25MB", ByteSizes.format(26_214_400L));
        assertEquals("1GB", ByteSizes.format(1L << 30));
        assertEquals("1536B", ByteSizes.format(1536));
        assertEquals("3KB", ByteSizes.format(3072));
        assertEquals("0B", ByteSizes.format(0));
        assertEquals(123_456_789L, ByteSizes.parse(ByteSizes.format(123_456_789L)));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.format(-1));
    }

    @Test
    void readsAndWritesEveryAfterFetchForm() {
        for (String text : new String[] {"mark-seen", "move:Archive", "move:A b/c", "delete", "none"}) {
            assertEquals(text, AfterFetch.parse(text).toString());
        }
        assertEquals(new AfterFetch(AfterFetch.Kind.MOVE, Optional.of("Archive")),
                AfterFetch.parse("move:Archive"));
        assertEquals(AfterFetch.Kind.NONE, AfterFetch.parse("none").kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "seen", "MARK-SEEN", "move", "move:", "move: ", "expunge"})
    void rejectsOtherAfterFetchValues(String text) {
        assertThrows(IllegalArgumentException.class, () -> AfterFetch.parse(text));
    }

    @Test
    void readsSecurityAndFlowByTheirJsonNames() {
        assertEquals(Optional.of(Security.STARTTLS), Security.fromJson("starttls"));
        assertEquals(Optional.empty(), Security.fromJson("SSL"));
        assertEquals("ssl", Security.SSL.toString());
        assertEquals(Optional.of(OAuth2Config.Flow.CLIENT_CREDENTIALS),
                OAuth2Config.Flow.fromJson("client-credentials"));
        assertEquals("device", OAuth2Config.Flow.DEVICE.json());
    }

    @Test
    void describesSecretsByWhereTheyAreNeverByValue() {
        assertEquals("environment variable SUPPORT_IMAP_PASSWORD",
                new SecretRef.Env("SUPPORT_IMAP_PASSWORD").describe());
        assertEquals("file /etc/helpdesk/pw",
                new SecretRef.File(java.nio.file.Path.of("/etc/helpdesk/pw")).describe());
    }
}
