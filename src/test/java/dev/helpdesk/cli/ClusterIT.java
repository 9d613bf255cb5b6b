package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.testing.Dovecot;
import dev.helpdesk.testing.Postgres;
import dev.helpdesk.testing.SupportMailbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts on one machine sharing one PostgreSQL store and one Dovecot, as the cron hosts of a cluster do:
 * each host is the built jar's {@code fetch --jobs 2} in UTS and PID namespaces of its own (ClusterHost), all
 * started at once. Every mailbox is drained exactly once per tick and nothing is stored twice; a host frozen
 * while it holds a lease loses it at expiry, and its late write is fenced.
 */
@Tag("process")
@Timeout(300)
class ClusterIT {
    private static final int MAILBOXES = 300;
    private static final int MESSAGES = 20;
    private static final int BIG = 3000;
    private static final String IMAP_PASSWORD = "cluster-imap";
    private static final Duration HOST_RUN = Duration.ofMinutes(2);
    /**
     * "NAME: being drained by PID n on HOST (...); left to it", "NAME: drained by HOST in this tick (...); ..." or
     * "NAME: drained by another run since ...".
     */
    private static final Pattern ELSEWHERE = Pattern.compile(
            "^(\\S+): (?:being drained by PID \\d+ on (\\S+) \\(.*\\); left to it"
                    + "|drained by \\S+ in this tick \\(done at .*"
                    + "|drained by another run since this one began; .*)$", Pattern.MULTILINE);
    private static final Pattern DRAINED = Pattern.compile("^(\\S+): \\d+ new, ", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Postgres.Database database;
    private ClusterDatabase store;
    private final List<ClusterHost> started = new ArrayList<>();

    @BeforeAll
    static void needsNamespaces() {
        assumeTrue(ClusterHost.canUnshare(), "needs `unshare --uts --pid --fork --mount-proc` (util-linux, root)");
    }

    @Test
    void threeHostsDrainEveryMailboxExactlyOncePerTickAndEachTakesItsShare() throws Exception {
        List<String> names = IntStream.rangeClosed(1, MAILBOXES).mapToObj(n -> "box" + n).toList();
        Dovecot.Builder server = Dovecot.in(dir);
        names.forEach(name -> server.user(name + "@example.com", IMAP_PASSWORD));
        try (Dovecot dovecot = server.start()) {
            for (int n = 1; n <= MAILBOXES; n++) {
                dovecot.seed("box" + n + "@example.com", "INBOX",
                        SupportMailbox.messages(n, MESSAGES).toArray(byte[][]::new));
            }
            database = Postgres.shared().fresh();
            store = new ClusterDatabase(database);
            Path config = config(dovecot.port(), "10m", "{}", names);

            tick(config, 3, names, "tick 1", Duration.ZERO);
            assertEquals(MAILBOXES * MESSAGES, store.count("SELECT count(*) FROM messages"));
            assertEquals(0, store.duplicates(), "no two messages rows with the same mailbox and sha256");

            for (int n = 1; n <= MAILBOXES; n++) {
                dovecot.seed("box" + n + "@example.com", "INBOX", arrived(n));
            }
            // The next tick: as cron's, after the window in which another host's drain counts as this tick's.
            Thread.sleep(Fetch.SAME_TICK.toMillis() + 1000);
            tick(config, 3, names, "tick 2 (hosts started 1.5 s apart)", Duration.ofMillis(1500));
            assertEquals(MAILBOXES * (MESSAGES + 1), store.count("SELECT count(*) FROM messages"));
            assertEquals(0, store.duplicates());
        } finally {
            started.forEach(ClusterHost::kill);
        }
    }

    @Test
    void aFrozenHostLosesItsLeaseAtExpiryAndItsLateWriteIsFenced() throws Exception {
        List<String> names = List.of("big", "box1", "box2", "box3");
        Dovecot.Builder server = Dovecot.in(dir);
        names.forEach(name -> server.user(name + "@example.com", IMAP_PASSWORD));
        try (Dovecot dovecot = server.start()) {
            dovecot.seed("big@example.com", "INBOX", SupportMailbox.messages(7, BIG).toArray(byte[][]::new));
            for (int n = 1; n <= 3; n++) {
                dovecot.seed("box" + n + "@example.com", "INBOX",
                        SupportMailbox.messages(n, MESSAGES).toArray(byte[][]::new));
            }
            database = Postgres.shared().fresh();
            store = new ClusterDatabase(database);
            // A lease of 6 s, renewed every 2 s; a mailbox's run takes at most 3 s, so big needs several runs.
            Path config = config(dovecot.port(), "6s",
                    "{ \"maxDuration\": \"3s\", \"maxMessages\": 1000000, \"maxBytes\": \"10GB\" }", names);

            ClusterHost a = start("hostA", config);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!store.holds("hostA", "fetch:big")) {
                assertTrue(System.nanoTime() < deadline, "hostA never held fetch:big");
                Thread.sleep(20);
            }
            freezeOutsideATransaction(a);
            long expires = store.count("SELECT expires_at_ms FROM locks WHERE name = 'fetch:big'");
            Thread.sleep(Math.max(0, expires - System.currentTimeMillis()) + 500);

            ClusterHost.Result b = start("hostB", config).await(HOST_RUN);
            assertEquals(0, b.code(), b.toString());
            assertEquals(List.of("hostB ok"), store.runs("big"), "hostB took the expired lease over and drained");
            assertEquals(2, store.count("SELECT last_token FROM lock_fences WHERE name = 'fetch:big'"));

            a.signal("CONT");
            ClusterHost.Result woken = a.await(HOST_RUN);
            assertEquals(79, woken.code(), "the frozen host's write after the takeover is refused: " + woken);
            assertTrue(woken.err().contains("big: lease-lost"), woken.err());
            assertEquals(List.of("hostB ok", "hostA lease-lost"), store.runs("big"));
            assertEquals(0, store.duplicates(), "nothing hostA fetched before the takeover was stored after it");

            // Later ticks of hostB drain the rest; every message of big is then there exactly once.
            String stored = "SELECT count(*) FROM messages WHERE mailbox = 'big'";
            for (int tick = 0; tick < 20 && store.count(stored) < BIG; tick++) {
                ClusterHost.Result more = start("hostB", config).await(HOST_RUN);
                assertEquals(0, more.code(), more.toString());
            }
            assertEquals(BIG, store.count(stored));
            assertEquals(BIG, store.count("SELECT count(DISTINCT sha256) FROM messages WHERE mailbox = 'big'"));
            assertEquals(BIG + 3 * MESSAGES, store.count("SELECT count(*) FROM messages"));
            assertEquals(0, store.duplicates());
        } finally {
            started.forEach(ClusterHost::kill);
        }
    }

    /**
     * SIGSTOP, again and again until the host is frozen between transactions: frozen inside one, it would hold the
     * writers' turn until the server ends its session (10 s; {@code StoreEnginesTest} has that case), and wake to
     * a lost connection instead of the fenced write this test is about. A statement already sent is given time to
     * finish first, so a lease renewal in flight is in the row read next.
     */
    private void freezeOutsideATransaction(ClusterHost host) throws SQLException, InterruptedException {
        String busy = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND coalesce(state, 'idle') <> 'idle'";
        for (int attempt = 1; ; attempt++) {
            host.signal("STOP");
            Thread.sleep(200);
            if (store.count(busy) == 0) {
                return;
            }
            assertTrue(attempt < 100, "the host was inside a transaction at each of 100 freezes");
            host.signal("CONT");
            Thread.sleep(attempt % 7 * 10L);
        }
    }

    /**
     * Starts {@code hosts} hosts, {@code stagger} apart, and waits for all; checks that each mailbox got exactly one
     * run row in
     * this tick (outcome ok), that every host exited 0 and drained some, and that each host's stdout names every
     * mailbox it left to the others.
     */
    private void tick(Path config, int hosts, List<String> names, String label, Duration stagger)
            throws SQLException, InterruptedException {
        long first = store.countOnceCreated("SELECT coalesce(max(id), 0) FROM runs") + 1;
        long startedAt = System.nanoTime();
        List<ClusterHost> running = new ArrayList<>();
        for (int k = 1; k <= hosts; k++) {
            if (k > 1) {
                Thread.sleep(stagger.toMillis());
            }
            running.add(start("host" + k, config));
        }
        List<ClusterHost.Result> results = running.stream().map(host -> host.await(HOST_RUN)).toList();
        double seconds = (System.nanoTime() - startedAt) / 1e9;

        Map<String, List<String>> runsOf = new TreeMap<>();
        Map<String, Set<String>> drainedBy = new TreeMap<>();
        store.query("SELECT mailbox, host, outcome FROM runs WHERE id >= ? ORDER BY id", rows -> {
            while (rows.next()) {
                runsOf.computeIfAbsent(rows.getString(1), m -> new ArrayList<>())
                        .add(rows.getString(2) + " " + rows.getString(3));
                drainedBy.computeIfAbsent(rows.getString(2), h -> new TreeSet<>()).add(rows.getString(1));
            }
        }, first);
        // When each host's first mailbox started, after the tick's first. A host whose run begins after another
        // host has drained some mailboxes must leave those (drained by another host in this tick), not drain them
        // again: the staggered tick starts the hosts seconds apart on purpose.
        Map<String, Long> firstAt = new TreeMap<>();
        store.query("SELECT host, min(started_at_ms) - (SELECT min(started_at_ms) FROM runs WHERE id >= ?) FROM runs"
                + " WHERE id >= ? GROUP BY host", rows -> {
                    while (rows.next()) {
                        firstAt.put(rows.getString(1), rows.getLong(2));
                    }
                }, first, first);
        String spread = drainedBy.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()
                + " (first at +" + firstAt.get(e.getKey()) + " ms)").collect(Collectors.joining(", "));
        System.out.printf("%s: %d hosts, %.1f s, mailboxes drained per host: %s%n", label, hosts, seconds, spread);

        Map<String, List<String>> notOnce = new TreeMap<>();
        for (String name : names) {
            List<String> runs = runsOf.getOrDefault(name, List.of());
            if (runs.size() != 1 || !runs.get(0).endsWith(" ok")) {
                notOnce.put(name, runs);
            }
        }
        assertEquals(Map.of(), notOnce, label + ": mailboxes not drained exactly once (host and outcome of each"
                + " run); per host, the mailboxes it drained and when its first started: " + spread);
        assertEquals(names.size(), runsOf.size());
        for (ClusterHost.Result result : results) {
            assertEquals(0, result.code(), label + ": " + result);
            Set<String> drained = drainedBy.getOrDefault(result.host(), Set.of());
            assertTrue(!drained.isEmpty(), label + ": " + result.host() + " drained nothing; " + spread);
            assertEquals(drained, names(DRAINED, result.out()), label + ": " + result.host() + "'s count lines");
            Set<String> left = new TreeSet<>(names);
            left.removeAll(drained);
            assertEquals(left, names(ELSEWHERE, result.out()),
                    label + ": " + result.host() + " names each mailbox it left to the others");
            Matcher holder = ELSEWHERE.matcher(result.out());
            while (holder.find()) {
                assertTrue(holder.group(2) == null || !holder.group(2).equals(result.host()), holder.group());
            }
        }
    }

    private ClusterHost start(String name, Path config) {
        ClusterHost host = ClusterHost.start(name, config, dir,
                Map.of("CLUSTER_IMAP_PASSWORD", IMAP_PASSWORD, "CLUSTER_DB_PASSWORD", database.password()));
        started.add(host);
        return host;
    }

    /** One config for every host: all mailboxes, the shared PostgreSQL store, no dataDir (each host has its own). */
    private Path config(int port, String lockTtl, String limits, List<String> names) throws Exception {
        String mailboxes = names.stream().map(name -> String.format("{ \"name\": \"%s\", \"host\": \"127.0.0.1\","
                + " \"port\": %d, \"security\": \"none\", \"username\": \"%s@example.com\", \"password\": { \"env\":"
                + " \"CLUSTER_IMAP_PASSWORD\" }, \"afterFetch\": \"none\" }", name, port, name))
                .collect(Collectors.joining(",\n    "));
        String json = String.format("""
                { "lockTtl": "%s", "limits": %s,
                  "store": { "postgres": { "url": "%s", "user": "%s", "password": { "env": "CLUSTER_DB_PASSWORD" } } },
                  "mailboxes": [
                    %s ] }
                """, lockTtl, limits, database.url(), database.user(), mailboxes);
        return Files.writeString(dir.resolve("cluster.json"), json);
    }

    /** A message that arrived after the first tick, one per mailbox. */
    private static byte[] arrived(int n) {
        return ("From: Late Customer <late" + n + "@customer.example.net>\r\nTo: box" + n + "@example.com\r\n"
                + "Subject: One more question\r\nDate: Tue, 1 Dec 2026 06:00:00 +0000\r\n"
                + "Message-ID: <late-" + n + "@customer.example.net>\r\n\r\nHello again, one more question.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> names(Pattern line, String out) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = line.matcher(out);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
