package dev.helpdesk.cli;

import dev.helpdesk.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One host of a cluster on this machine: the built jar's {@code fetch --jobs 2} in UTS and PID namespaces of its
 * own (its own host name, PID 1 of its namespace), with a data directory of its own, as a cron host runs it.
 * Another host's lock is then judged as one held elsewhere: by its expiry only.
 */
final class ClusterHost {
    private static final Path JAR = Path.of(System.getProperty("helpdesk.jar", "target/helpdesk.jar"))
            .toAbsolutePath();
    private static final List<String> NAMESPACES =
            List.of("unshare", "--uts", "--pid", "--fork", "--mount-proc", "--kill-child");
    /**
     * The launcher's JVM options. No perf data file: every host's JVM is PID 1 of its namespace, and all of
     * them would want /tmp/hsperfdata_root/1 (the JVM says so on stdout).
     */
    private static final List<String> JVM =
            List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    /** How a host's run ended: its exit code and both streams. */
    record Result(String host, int code, String out, String err) {
        @Override
        public String toString() {
            return host + " exited " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private ClusterHost(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code helpdesk --config CONFIG fetch --jobs 2} as host {@code name}; files go under {@code scratch}. */
    static ClusterHost start(String name, Path config, Path scratch, Map<String, String> env) {
        List<String> command = new ArrayList<>(NAMESPACES);
        command.addAll(List.of("sh", "-c", "hostname \"$1\" && shift && exec \"$@\"", "sh", name,
                ChildJvm.javaBinary()));
        command.addAll(JVM);
        command.addAll(List.of("-jar", JAR.toString(), "--config", config.toString(), "fetch", "--jobs", "2"));
        try {
            Path data = Files.createDirectories(scratch.resolve(name));
            Path out = Files.createTempFile(scratch, name, ".out");
            Path err = Files.createTempFile(scratch, name, ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove("HELPDESK_CONFIG");
            builder.environment().put("XDG_DATA_HOME", data.toString());
            builder.environment().putAll(env);
            return new ClusterHost(name, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    /** Waits for the host's run to end; one that outlives {@code timeout} is killed and fails the test. */
    Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("host " + name + " still ran after " + timeout + ":\n" + result(-1));
            }
            return result(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a POSIX signal (STOP, CONT) to the host's JVM, which unshare forked and sh became. */
    void signal(String signal) {
        long java = process.toHandle().children().findFirst()
                .orElseThrow(() -> new AssertionError("host " + name + " has no JVM (yet)")).pid();
        try {
            int code = new ProcessBuilder("kill", "-" + signal, Long.toString(java)).start().waitFor();
            if (code != 0) {
                throw new AssertionError("kill -" + signal + " " + java + " exited " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Takes the host down (unshare's --kill-child takes its JVM along), whatever state it is in. */
    void kill() {
        process.destroyForcibly();
    }

    private Result result(int code) {
        try {
            return new Result(name, code, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True where this process may make UTS and PID namespaces (root, util-linux's unshare). */
    static boolean canUnshare() {
        try {
            List<String> probe = new ArrayList<>(NAMESPACES);
            probe.addAll(List.of("sh", "-c", "hostname probe"));
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
