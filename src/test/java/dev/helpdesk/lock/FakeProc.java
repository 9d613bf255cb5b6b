package dev.helpdesk.lock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A crafted /proc in a temp dir: our own process, a boot id, a PID namespace, a mount table and whatever other
 * processes a test puts there, so liveness can be judged without the real process table.
 */
final class FakeProc {
    static final long SELF = 4242;
    static final String BOOT_ID = "8dde043c-08b7-47da-bfd3-400a0995b3d0";
    static final String PID_NAMESPACE = "4026531836";
    static final PidSpace SPACE = new PidSpace(BOOT_ID, PID_NAMESPACE);
    static final long BOOT_EPOCH_SECONDS = 1_795_000_000L;

    private final Path root;

    FakeProc(Path root) {
        this.root = root;
        write("sys/kernel/random/boot_id", BOOT_ID + "\n");
        write("stat", "cpu  1 2 3 4\nbtime " + BOOT_EPOCH_SECONDS + "\nprocesses 99\n");
        process(SELF, "java", 500_000);
        write(SELF + "/status", "Name:\tjava\nTgid:\t" + SELF + "\nNStgid:\t" + SELF + "\nPid:\t" + SELF + "\n");
        link(SELF + "/ns/pid", "pid:[" + PID_NAMESPACE + "]");
        write(SELF + "/timens_offsets", "monotonic           0         0\nboottime            0         0\n");
        mountinfo("rw,relatime");
        link("self", Long.toString(SELF));
    }

    Path root() {
        return root;
    }

    ProcFs procFs() {
        return new ProcFs(root, SELF);
    }

    /** A process with this PID, command name and start in ticks since boot. */
    FakeProc process(long pid, String comm, long startTicks) {
        return stat(pid, pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 "
                + startTicks + " 1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    }

    /** Writes a stat file as given, well-formed or not. */
    FakeProc stat(long pid, String content) {
        write(pid + "/stat", content);
        return this;
    }

    FakeProc remove(long pid) {
        delete(root.resolve(Long.toString(pid)));
        return this;
    }

    /** The mount table line of this /proc, with the given super options (e.g. "rw,hidepid=2"). */
    FakeProc mountinfo(String superOptions) {
        try {
            write(SELF + "/mountinfo", "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                    + "22 1 0:21 / " + root.toRealPath() + " rw,nosuid,nodev,noexec,relatime shared:13 - proc proc "
                    + superOptions + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc write(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc link(String path, String target) {
        try {
            Path link = root.resolve(path);
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc delete(Path path) {
        try {
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var children = Files.list(path)) {
                    children.toList().forEach(this::delete);
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
