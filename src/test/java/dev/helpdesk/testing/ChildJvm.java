package dev.helpdesk.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real child JVM running a main class of this build, talked to line by line; for lock and crash tests. */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final List<Thread> pumps = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), lines::add);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                line -> {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                });
    }

    /** Starts {@code mainClass} on this test JVM's own class path. */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        return start(List.of(), mainClass, args);
    }

    /** As {@link #start(Class, String...)}, with JVM options such as {@code -Xmx128m}. */
    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return startUnder(List.of(), jvmOptions, mainClass, args);
    }

    /**
     * As {@link #start(List, Class, String...)}, run by a launcher such as {@code unshare --pid --fork}; then
     * {@link #pid()} is the launcher's PID, and the launcher must take the JVM down with it when killed.
     */
    public static ChildJvm startUnder(List<String> launcher, List<String> jvmOptions, Class<?> mainClass,
            String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    public void send(String line) {
        stdin.println(line);
    }

    /** The next line the child printed, failing the test if none comes in time or the child died. */
    public String nextLine() {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    return line;
                }
                if (!process.isAlive()) {
                    // A child that prints its last line and exits at once may be gone before the pump has
                    // queued that line: the pumps end at the end of its output, then the line is there or not.
                    for (Thread pump : pumps) {
                        pump.join(5_000);
                    }
                    line = lines.poll();
                    if (line != null) {
                        return line;
                    }
                    throw new AssertionError("child " + pid() + " exited with " + process.exitValue()
                            + " without printing a line; stderr:\n" + stderr());
                }
            }
            throw new AssertionError("child " + pid() + " printed nothing for 60 s; stderr:\n" + stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Sends a POSIX signal by name (STOP, CONT); the test does this, never the product. */
    public void signal(String name) {
        try {
            int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start().waitFor();
            if (code != 0) {
                throw new AssertionError("kill -" + name + " " + pid() + " exited " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL, then waits until the process is gone and reaped. */
    public void killHard() {
        process.destroyForcibly();
        awaitExit();
    }

    public int awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("child " + pid() + " did not exit within 60 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    private void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // the child is gone; whatever it printed is already in the sink
            }
        }, "child-output");
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
    }
}
