package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MailDateFormat;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DateFieldTest {
    private static final Random RANDOM = new Random(20261201);

    /** What reading a Date field meant before the common form had a reader of its own. */
    private static Optional<Instant> before(String value) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value)));
        } catch (DateTimeException notStrict) {
            // the lenient reader
        }
        try {
            return Optional.of(new MailDateFormat().parse(value).toInstant());
        } catch (java.text.ParseException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Test
    void everyDateReadsAsBeforeAndTheCommonFormIsReadByPosition() {
        int common = 0;
        for (int round = 0; round < 20_000; round++) {
            String value = variant();
            Optional<Instant> fast = DateField.common(value);
            if (fast.isPresent()) {
                common++;
                assertEquals(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value)), fast.get(), value);
            }
            assertEquals(before(value), DateField.read(value), value);
        }
        assertTrue(common > 4_000, "the common form was read by position " + common + " times in 20,000");
    }

    @Test
    void theFormsSendersWriteAreReadByPosition() {
        for (String value : List.of("Tue, 1 Dec 2026 10:15:30 +0100", "Tue, 01 Dec 2026 10:15:30 -0000",
                "1 Dec 2026 10:15 GMT", "Thu, 29 Feb 2024 23:59:59 +1800", "Wed, 31 Dec 1969 23:00:00 -0930")) {
            assertEquals(Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value))),
                    DateField.common(value), value);
        }
        for (String value : List.of("Mon, 1 Dec 2026 10:15:30 +0100", "tue, 1 Dec 2026 10:15:30 +0100",
                "Tue, 31 Nov 2026 10:15:30 +0000", "Tue, 1 Dec 2026 23:59:60 +0000", "Tue, 1 Dec 2026 24:00:00 +0000",
                "Tue, 1 Dec 2026 10:15:30 +1801", "Tue, 1 Dec 2026 10:15:30 +0100 (CET)",
                "Tue, 1 Dec 26 10:15:30 +0000",
                "Tue,  1 Dec 2026 10:15:30 +0100", "Tue, 1 Dec 2026 10:15:30", "Tue, 1 Dec 2026 10:15:30 UT", "",
                "Tue, 1 Dec", "0 Dec 2026 10:15 GMT", "123 Dec 2026 10:15 GMT", "1 Dec 2026 10:15:3 GMT")) {
            assertEquals(Optional.empty(), DateField.common(value), value); // java.time and Jakarta Mail decide
        }
    }

    /** A Date value as senders write it, right or wrong in one of the ways they are. */
    private static String variant() {
        LocalDateTime time = LocalDateTime.of(pick(1900, 2100), pick(1, 13), pick(1, 29), pick(0, 24), pick(0, 60),
                pick(0, 60));
        int day = RANDOM.nextInt(20) == 0 ? pick(28, 33) : time.getDayOfMonth(); // sometimes past the month's end
        DayOfWeek weekday = RANDOM.nextInt(10) == 0 ? time.getDayOfWeek().plus(1) : time.getDayOfWeek();
        String prefix = switch (RANDOM.nextInt(5)) {
            case 0 -> "";
            case 1 -> weekday.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT) + ", ";
            default -> weekday.getDisplayName(TextStyle.SHORT, Locale.ROOT) + ", ";
        };
        String month = time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
        String hour = RANDOM.nextInt(30) == 0 ? "24" : two(time.getHour());
        String seconds = switch (RANDOM.nextInt(8)) {
            case 0 -> "";
            case 1 -> ":60";
            default -> ":" + two(time.getSecond());
        };
        String zone = switch (RANDOM.nextInt(10)) {
            case 0 -> "GMT";
            case 1 -> "UT";
            case 2 -> "EST";
            case 3 -> "+0100 (CET)";
            case 4 -> (RANDOM.nextBoolean() ? "+" : "-") + two(pick(17, 20)) + two(pick(0, 61));
            default -> (RANDOM.nextBoolean() ? "+" : "-") + two(pick(0, 15))
                    + List.of("00", "30", "45").get(pick(0, 3));
        };
        String dayText = RANDOM.nextBoolean() ? Integer.toString(day) : two(day);
        String space = RANDOM.nextInt(20) == 0 ? "  " : " ";
        return prefix + dayText + space + month + " " + time.getYear() + " " + hour + ":" + two(time.getMinute())
                + seconds + " " + zone;
    }

    private static int pick(int from, int to) {
        return from + RANDOM.nextInt(to - from);
    }

    private static String two(int number) {
        return number < 10 ? "0" + number : Integer.toString(number);
    }
}
