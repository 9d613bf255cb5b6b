package dev.helpdesk.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux's /proc, read under a root directory (the real /proc, or a crafted one in tests). It only reads, and
 * answers "cannot tell" rather than guess: every caller treats that as "the holder may be alive".
 */
final class ProcFs {
    private static final Logger LOG = LoggerFactory.getLogger(ProcFs.class);
    /**
     * USER_HZ, the unit of start times in /proc/PID/stat: 100 by the kernel's ABI on every architecture OpenJDK
     * runs on. Used only to show a start to people; identity compares raw ticks and never converts them.
     */
    static final long TICKS_PER_SECOND = 100;
    private static final Pattern BOOT_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Pattern PID_NAMESPACE = Pattern.compile("pid:\\[(\\d+)]");
    private static final Pattern HIDEPID = Pattern.compile("(?:^|,)hidepid=([^,]*)");

    /** What /proc/PID/stat says about a PID: the start of the process that has it, no such process, or nothing sure. */
    sealed interface Start permits Ticks, Absent, Unknown {
    }

    /** The process with this PID started this many clock ticks after boot. */
    record Ticks(long ticks) implements Start {
    }

    /** No process has this PID in this /proc. */
    record Absent() implements Start {
    }

    /** Could not tell; the reason is for a debug log. */
    record Unknown(String why) implements Start {
    }

    private final Path root;
    private final long ownPid;

    /** {@code ownPid} is this process's PID as the kernel gave it (getpid), to check that {@code root} numbers PIDs alike. */
    ProcFs(Path root, long ownPid) {
        this.root = root;
        this.ownPid = ownPid;
    }

    static ProcFs system() {
        return new ProcFs(Path.of("/proc"), ProcessHandle.current().pid());
    }

    long ownPid() {
        return ownPid;
    }

    /**
     * The PID space this process lives in, if this /proc can judge PIDs of it: /proc/self must be our own PID
     * and NStgid a single entry (a /proc mounted for a parent namespace numbers PIDs differently), and no time
     * namespace may shift our boot clock (start ticks read inside one are shifted by its offset). Empty where
     * there is no /proc (not Linux) or any of it is unreadable: then nobody's PID is judged, only expiry.
     */
    Optional<PidSpace> ownPidSpace() {
        String pid = Long.toString(ownPid);
        Optional<String> self = link("self");
        if (!self.equals(Optional.of(pid))) {
            return none("/proc/self is " + self.orElse("unreadable") + ", not our PID " + pid);
        }
        Optional<String> status = read(pid + "/status");
        if (status.isEmpty()) {
            return none("/proc/" + pid + "/status is unreadable");
        }
        Optional<List<String>> nstgid = field(status.get(), "NStgid:");
        if (nstgid.isPresent() && !nstgid.get().equals(List.of(pid))) {
            return none("NStgid is " + nstgid.get() + ": this /proc belongs to a parent PID namespace");
        }
        if (Files.exists(root.resolve(pid).resolve("timens_offsets"))) {
            Optional<List<String>> boottime = read(pid + "/timens_offsets").flatMap(text -> field(text, "boottime"));
            if (!boottime.equals(Optional.of(List.of("0", "0")))) {
                return none("a time namespace shifts our boot clock by " + boottime.orElse(List.of("?")));
            }
        }
        Optional<String> bootId = read("sys/kernel/random/boot_id").map(String::strip)
                .filter(id -> BOOT_ID.matcher(id).matches());
        if (bootId.isEmpty()) {
            return none("no readable boot id");
        }
        Optional<Matcher> namespace = link(pid + "/ns/pid").map(PID_NAMESPACE::matcher).filter(Matcher::matches);
        if (namespace.isEmpty()) {
            return none("no readable PID namespace");
        }
        return Optional.of(new PidSpace(bootId.get(), namespace.get().group(1)));
    }

    /** The start of the process that has this PID now; call only after {@link #ownPidSpace()} found this /proc usable. */
    Start startOf(long pid) {
        if (pid < 1) {
            return new Unknown("PID " + pid + " is not a process");
        }
        Path dir = root.resolve(Long.toString(pid));
        try {
            // ISO-8859-1 maps every byte to one char: a command name in any encoding cannot fail the read.
            return parseStat(pid, Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Files.exists(dir) ? new Unknown(dir + " has no stat") : new Absent();
        } catch (IOException e) {
            // Includes ESRCH when the process exits while we read: the next judgement sees it gone.
            return new Unknown("cannot read " + dir.resolve("stat") + ": " + e);
        }
    }

    /**
     * Field 22 (starttime) of a stat line. The command name in field 2 is in parentheses and may itself hold
     * blanks and parentheses, so the fields are counted from the last ')'.
     */
    static Start parseStat(long pid, String text) {
        int open = text.indexOf(" (");
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open || !text.substring(0, open).equals(Long.toString(pid))) {
            return new Unknown("not a stat line of PID " + pid);
        }
        String[] fields = text.substring(close + 1).strip().split("\\s+");
        int starttime = 22 - 3; // fields[0] is field 3, the state
        if (fields.length <= starttime) {
            return new Unknown("stat line of PID " + pid + " has " + (fields.length + 2) + " fields");
        }
        try {
            long ticks = Long.parseLong(fields[starttime]);
            return ticks >= 0 ? new Ticks(ticks) : new Unknown("negative start " + ticks);
        } catch (NumberFormatException e) {
            return new Unknown("start of PID " + pid + " is '" + fields[starttime] + "'");
        }
    }

    /**
     * True unless this /proc is a proc mount that shows every process. With hidepid=2 (invisible) processes of
     * other users are missing from it, so a missing PID proves nothing; an unreadable mount table neither.
     */
    boolean mayHideProcesses() {
        Optional<String> mounts = read(ownPid + "/mountinfo");
        String where;
        try {
            where = root.toRealPath().toString();
        } catch (IOException e) {
            return true;
        }
        Optional<String[]> mount = mounts.stream().flatMap(String::lines)
                .map(line -> line.split(" - ", 2)).filter(halves -> halves.length == 2)
                .filter(halves -> halves[1].startsWith("proc ") && mountPoint(halves[0]).equals(where))
                .reduce((earlier, later) -> later); // the last mount there is the one on top
        if (mount.isEmpty()) {
            return true;
        }
        String[] left = mount.get()[0].split(" ");
        String[] right = mount.get()[1].split(" ");
        return Arrays.asList(left[5], right[right.length - 1]).stream().map(HIDEPID::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).anyMatch(mode -> !mode.equals("0") && !mode.equals("off"));
    }

    /** The wall time of boot (btime), for display only: it moves when the clock is stepped. */
    Optional<Instant> bootTime() {
        return read("stat").flatMap(text -> field(text, "btime")).filter(values -> values.size() == 1)
                .flatMap(values -> {
                    try {
                        return Optional.of(Instant.ofEpochSecond(Long.parseLong(values.get(0))));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    private static String mountPoint(String mountinfoLeft) {
        String[] fields = mountinfoLeft.split(" ");
        // Blanks, tabs, newlines and backslashes in paths are written as octal escapes.
        return fields.length > 5 ? fields[4].replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
                .replace("\\134", "\\") : "";
    }

    /** The blank-separated values after a line's label, e.g. "NStgid:\t812\t1". */
    private static Optional<List<String>> field(String text, String label) {
        return text.lines().filter(line -> line.startsWith(label + " ") || line.startsWith(label + "\t"))
                .findFirst().map(line -> List.of(line.substring(label.length()).strip().split("\\s+")));
    }

    private Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(root.resolve(path), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> link(String path) {
        try {
            return Optional.of(Files.readSymbolicLink(root.resolve(path)).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<PidSpace> none(String why) {
        LOG.debug("no boot-relative process identity, so lock holders are judged by expiry only: {}", why);
        return Optional.empty();
    }
}
