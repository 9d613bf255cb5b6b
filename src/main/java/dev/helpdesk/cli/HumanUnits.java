package dev.helpdesk.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Ages and times the way an admin reads them at 3 a.m.: "2m 13s", "2026-11-23 19:20:01 UTC". */
final class HumanUnits {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final ZoneId zone;

    HumanUnits(ZoneId zone) {
        this.zone = zone;
    }

    /** The two largest units of a non-negative duration; a negative one is shown by its size. */
    static String duration(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (secs > 0 ? " " + secs + "s" : "");
        }
        return secs + "s";
    }

    /** Bytes in the largest binary unit with one decimal: "512 B", "34.2 KB", "1.2 MB". */
    static String bytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }
}
