package dev.helpdesk.auth;

import dev.helpdesk.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link OAuthProbe} in a new JVM with the given environment, answering its {@code @@ISSUED}
 * handshake; the result keeps everything it printed (the handshake lines aside).
 */
record ProbeRun(int code, String out, String err) {

    static ProbeRun run(Map<String, String> env, Runnable onIssued, String... args) {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), OAuthProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            StringBuilder err = new StringBuilder();
            Thread errors = new Thread(() -> {
                try (BufferedReader in = reader(process.getErrorStream())) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (err) {
                            err.append(line).append('\n');
                        }
                    }
                } catch (IOException closed) {
                    // the child is gone
                }
            });
            errors.start();
            StringBuilder out = new StringBuilder();
            OutputStream stdin = process.getOutputStream();
            try (BufferedReader in = reader(process.getInputStream())) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals(OAuthProbe.ISSUED)) {
                        onIssued.run();
                        stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    } else {
                        out.append(line).append('\n');
                    }
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("probe did not exit in 120 s; out:\n" + out + "err:\n" + err);
            }
            errors.join(10_000);
            synchronized (err) {
                return new ProbeRun(process.exitValue(), out.toString(), err.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static BufferedReader reader(java.io.InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
