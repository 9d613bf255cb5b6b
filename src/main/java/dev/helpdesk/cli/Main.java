package dev.helpdesk.cli;

import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.SqliteLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The entry point: the only code that reads the real environment, clock and streams, or ends the process. */
public final class Main {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Clock clock;
    private final String host;
    private final Terminal terminal;
    private final Runnable storeLibraryLoaded;

    /** A run whose stderr is not a terminal: no live progress line (tests, cron). */
    public Main(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, String host) {
        this(out, err, env, clock, host, Terminal.none(), () -> { });
    }

    private Main(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, String host,
            Terminal terminal, Runnable storeLibraryLoaded) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.host = host;
        this.terminal = terminal;
        this.storeLibraryLoaded = storeLibraryLoaded;
    }

    public static void main(String[] args) {
        LogLevel.apply(args);
        // Jakarta Mail 2.1 otherwise looks its stream provider up through ServiceLoader for every header
        // block it parses; naming Angus's provider took a 5,000-message drain from 4.1 s to 3.5 s (scripts/bench).
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        Runnable storeLibraryLoaded = SqliteLibrary.loadInBackground(() -> {
            if (System.getProperty("org.sqlite.lib.path") == null) { // else the admin chose where it comes from
                cacheDir(System.getenv()).ifPresent(dir -> SqliteLibrary.cachedIn(dir, System.getProperty("os.name"),
                        System.getProperty("os.arch"), System.getProperty("user.name")).forEach(System::setProperty));
            }
        });
        PrintWriter err = writer(System.err);
        System.exit(new Main(writer(System.out), err, System.getenv(), new SystemClock(), hostName(),
                terminal(err), storeLibraryLoaded).run(args));
    }

    /** Runs one command line and returns its exit code. */
    public int run(String... args) {
        String command = "helpdesk " + String.join(" ", List.of(args));
        Wiring wiring = new Wiring(env, clock, new SystemProcesses(),
                ProcessIdentity.current(host, abbreviate(command)), VersionProvider.version(), terminal,
                storeLibraryLoaded);
        try {
            return Commands.forRun(wiring, out, err, args).execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes Errors through; a fetch catches its own per mailbox, a reading command lands here.
            err.println("helpdesk: ran out of memory (a heap of " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB). Run it again with more, for example HELPDESK_JAVA_OPTS=-Xmx512m " + abbreviate(command)
                    + ", and please report what needed it.");
            return ExitCodes.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String abbreviate(String command) {
        return command.length() <= 200 ? command : command.substring(0, 199) + "…";
    }

    /**
     * helpdesk's cache directory, as the launcher (scripts/lib/launcher.sh) finds it for its class-data archive:
     * {@code $XDG_CACHE_HOME/helpdesk}, else {@code ~/.cache/helpdesk} unless home is {@code /}; none when that is
     * not an absolute path.
     */
    private static Optional<Path> cacheDir(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        String home = env.getOrDefault("HOME", "");
        if (xdg.isEmpty() && (home.isEmpty() || home.equals("/"))) {
            return Optional.empty();
        }
        Path dir = xdg.isEmpty() ? Path.of(home, ".cache", "helpdesk") : Path.of(xdg, "helpdesk");
        return dir.isAbsolute() ? Optional.of(dir) : Optional.empty();
    }

    private static PrintWriter writer(java.io.PrintStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /**
     * Whether stderr is a terminal: isatty(2) without native code, by where file descriptor 2 points. Java 17 has
     * no isatty, and System.console() only tells about stdin and stdout, which cron may leave different.
     */
    private static Terminal terminal(PrintWriter err) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")) {
                return Terminal.stderr(err, () -> columns(target));
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: no live line, which is always safe
        }
        return Terminal.none();
    }

    /** The terminal's width from `stty size` (rows and columns); 80 when it cannot tell. */
    private static int columns(String device) {
        try {
            Process stty = new ProcessBuilder("stty", "-F", device, "size").redirectErrorStream(true).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (stty.waitFor() == 0 && answer.matches("\\d+ \\d+")) {
                int columns = Integer.parseInt(answer.split(" ")[1]);
                return columns > 0 ? columns : 80;
            }
        } catch (IOException | RuntimeException e) {
            // no stty: assume the classic width
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    /** The kernel's host name; read from /proc first because a DNS lookup can hang on a broken resolver. */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the portable lookup
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
