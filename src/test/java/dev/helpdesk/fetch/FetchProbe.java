package dev.helpdesk.fetch;

import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.cli.ExitCodes;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreTarget;
import dev.helpdesk.testing.Postgres;
import dev.helpdesk.testing.StoreEngine;
import dev.helpdesk.testing.FetchHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child JVM that runs the real {@link Fetch} use case, wired as {@code Wiring.fetch} wires it but
 * with chunks of two messages and a {@link Checkpoints} that can halt the JVM at a named point (as a
 * power cut would: no finally block, no shutdown hook) or pause there until stdin sends a line.
 *
 * <p>Arguments: {@code CONFIG HOST HALT PAUSE}, where HALT and PAUSE are {@code POINT:N} (the Nth time
 * the drain reaches POINT) or {@code -}. The GreenMail port and the data directory reach the child
 * through CONFIG, the file the parent test's harness wrote. Output lines: {@code READY pid
 * imap-host:port data-dir}, {@code PAUSED point}, {@code HALT point n} (then exit 137), or finally
 * {@code RESULT outcome new=.. duplicates=.. actions=.. remaining=..} and the outcome's exit code.
 */
public final class FetchProbe {
    static final int HALTED = 137;
    static final Tuning SMALL_CHUNKS = new Tuning(2, Long.MAX_VALUE);

    private FetchProbe() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err"); // stdout is our protocol
        Path configFile = Path.of(args[0]);
        String host = args[1];
        Point halt = Point.parse(args[2]);
        Point pause = Point.parse(args[3]);

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(FetchHarness.PASSWORD_ENV, DemoMailServer.PASSWORD); // the parent's harness has it in its env map
        env.put(StoreEngine.PASSWORD_ENV, Postgres.PASSWORD);
        Config config = new ConfigLoader(env).load(configFile);
        MailboxConfig mailbox = config.mailboxes().get(0);
        ProcessIdentity self = ProcessIdentity.current(host, "fetch-probe " + args[2] + " " + args[3]);
        say("READY " + self.pid() + " " + mailbox.host() + ":" + mailbox.port() + " " + config.dataDir());

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<Checkpoint, Integer> reached = new ConcurrentHashMap<>(); // two threads report
        Checkpoints checkpoints = point -> {
            int n = reached.merge(point, 1, Integer::sum);
            if (halt.is(point, n)) {
                say("HALT " + point.key() + " " + n);
                Runtime.getRuntime().halt(HALTED);
            }
            if (pause.is(point, n)) {
                say("PAUSED " + point.key());
                awaitLine(stdin);
            }
        };

        List<MailboxReport> reports;
        // The store as Wiring opens it: the PostgreSQL database the config names, else the SQLite file in dataDir.
        StoreTarget target = config.postgres().<StoreTarget>map(pg -> new StoreTarget.Postgres(pg.url(), pg.user(),
                Postgres.PASSWORD, pg.sslMode(), pg.sslRootCert()))
                .orElseGet(() -> new DataDir(config.dataDir()).target());
        new DataDir(config.dataDir()).create();
        try (Store store = Store.open(target, "fetch-probe")) {
            Locks locks = new Locks(store, store.leaseClock(Clock.systemUTC()), new SystemProcesses(), self);
            Fetch fetch = dev.helpdesk.testing.Fetches.of(config, store, locks,
                    new PasswordCredentials(new SecretReader(env)), self, Clock.systemUTC(), checkpoints, SMALL_CHUNKS);
            reports = fetch.run(config.mailboxes());
        }
        MailboxReport report = reports.get(0);
        MailboxReport.Counts c = report.counts();
        say("RESULT " + report.outcome().key() + " new=" + c.newMessages() + " duplicates=" + c.duplicates()
                + " actions=" + c.actionsApplied() + " remaining=" + c.remaining());
        report.error().ifPresent(System.err::println);
        System.exit(ExitCodes.of(report.outcome()));
    }

    private static void awaitLine(BufferedReader stdin) {
        try {
            if (stdin.readLine() == null) {
                Runtime.getRuntime().halt(3); // the test is gone: touch nothing more
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** "the Nth time the drain reaches this point", or never. */
    record Point(Checkpoint point, int n) {
        static final Point NEVER = new Point(null, 0);

        static Point parse(String arg) {
            if (arg.equals("-")) {
                return NEVER;
            }
            String[] parts = arg.split(":");
            return new Point(Checkpoint.of(parts[0]), Integer.parseInt(parts[1]));
        }

        boolean is(Checkpoint reached, int count) {
            return reached == point && n == count;
        }
    }
}
