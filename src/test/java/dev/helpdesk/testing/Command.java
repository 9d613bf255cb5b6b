package dev.helpdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real process (a script, bash, systemd-analyze) for the tests of the admin's tools: an exact
 * environment (nothing inherited unless asked), a working directory, a deadline, and both streams.
 */
public final class Command {
    private final List<String> argv;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path cwd = Path.of("").toAbsolutePath();
    private String stdin = "";

    private Command(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    /** A command that starts with an empty environment, as `env -i` would. */
    public static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv);
    }

    /** Adds this JVM's own environment (for commands that need the developer's PATH, JAVA_HOME, ...). */
    public Command inheritEnv() {
        env.putAll(System.getenv());
        return this;
    }

    public Command env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Command withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    public Command in(Path directory) {
        this.cwd = directory;
        return this;
    }

    public Command stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Result run(Path scratch) {
        try {
            Path out = Files.createTempFile(scratch, "out", ".txt");
            Path err = Files.createTempFile(scratch, "err", ".txt");
            Path in = Files.writeString(Files.createTempFile(scratch, "in", ".txt"), stdin);
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(argv)).directory(cwd.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after 180 s: " + argv);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True when {@code name} is an executable on this JVM's PATH. */
    public static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Fails the test, naming the script that installs it, when a tool it runs for real is missing. */
    public static void require(String name) {
        if (!onPath(name)) {
            throw new AssertionError(name + " is not installed: run scripts/test-deps (scripts/test runs it first)");
        }
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
