package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.store.StoredMessage;
import dev.helpdesk.cli.Main;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.StoreEngine;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the fetch crash and process tests share: the demo mailbox on GreenMail, the {@link FetchProbe}
 * child, the whole CLI as a child process, and the end state every run must reach whatever happened
 * before it: each of the six demo messages stored once, every server action done, nothing queued.
 */
final class FetchProbeRig implements AutoCloseable {
    static final int DEMO_MESSAGES = DemoMailServer.SCENARIO.size();
    /** The host name CliRun gives in-process runs; a probe that an in-process run must judge uses it too. */
    static final String IN_PROCESS_HOST = "test-host";
    static final String LOCK = Fetch.lockName("support");

    private static Map<String, Long> reference;

    final FetchHarness harness;
    private final Path dir;
    /** The demo messages' UIDs in INBOX, ascending, as seeded. */
    private final List<Long> uids;

    FetchProbeRig(Path dir) {
        this(dir, StoreEngine.SQLITE);
    }

    FetchProbeRig(Path dir, StoreEngine engine) {
        this.dir = dir;
        this.harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
        this.uids = harness.messages("INBOX").stream().map(StoredMessage::getUid).sorted().toList();
        assertEquals(DEMO_MESSAGES, uids.size());
    }

    void afterFetch(String value) {
        harness.writeConfig("", "\"afterFetch\": \"" + value + "\",");
    }

    /** Starts a probe and checks it is aimed at this rig's server and data directory. */
    ChildJvm startProbe(String host, String halt, String pause) {
        ChildJvm probe = ChildJvm.start(FetchProbe.class, harness.config().toString(), host, halt, pause);
        try {
            assertEquals("READY " + probe.pid() + " 127.0.0.1:" + harness.server().port() + " " + harness.dataDir(),
                    probe.nextLine(), probe.stderr());
            return probe;
        } catch (AssertionError e) {
            probe.close();
            throw e;
        }
    }

    /** One finished CLI process: its PID, exit code and both streams. */
    record Cli(long pid, int code, String out, String err) {
        @Override
        public String toString() {
            return "PID " + pid + " exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * {@code helpdesk --config <ours> ARGS} as its own process: the shaded jar when the build names
     * one (failsafe does), else {@link Main} on the test class path (surefire runs before package).
     */
    Cli cli(String... args) {
        String jar = System.getProperty("helpdesk.jar");
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-XX:TieredStopAtLevel=1"));
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        command.addAll(List.of("--config", harness.config().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "cli-out", ".txt");
            Path err = Files.createTempFile(dir, "cli-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(harness.env());
            builder.environment().remove("HELPDESK_CONFIG");
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("helpdesk " + args[0] + " did not finish within 60 s");
            }
            return new Cli(process.pid(), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The host name a real `helpdesk` process records in its lock row (as Main finds it). */
    static String realHostName() throws IOException {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(kernel) && !Files.readString(kernel).isBlank()) {
            return Files.readString(kernel).strip();
        }
        return InetAddress.getLocalHost().getHostName();
    }

    long count(String sql, Object... args) {
        return harness.count(sql, args);
    }

    /** The lock row's owner PID, or 0 when there is no row. */
    long lockOwner() {
        return count("SELECT coalesce(max(owner_pid), 0) FROM locks WHERE name = ?", LOCK);
    }

    /** The last fencing token ever handed out for the mailbox's lock (it survives release). */
    long lastToken() {
        return count("SELECT coalesce(max(last_token), 0) FROM lock_fences WHERE name = ?", LOCK);
    }

    long stored() {
        return count("SELECT count(*) FROM messages");
    }

    long pendingActions() {
        return count("SELECT count(*) FROM pending_actions");
    }

    /** How many of the six the server shows as handled: seen in INBOX, moved out, or deleted. */
    long handledOnServer(String afterFetch) {
        long inInbox = harness.messages("INBOX").size();
        if (afterFetch.equals("mark-seen")) {
            assertEquals(DEMO_MESSAGES, inInbox, "mark-seen leaves every message in INBOX");
            return harness.seenCount("INBOX");
        }
        if (afterFetch.startsWith("move:")) {
            long moved = harness.messages(afterFetch.substring("move:".length())).size();
            assertEquals(DEMO_MESSAGES, inInbox + moved, "a move neither loses nor copies a message");
            return moved;
        }
        assertEquals("delete", afterFetch);
        return DEMO_MESSAGES - inInbox;
    }

    /** Each demo message is stored exactly once, with one ledger row per server UID, threaded as usual. */
    void assertEveryMessageStoredOnce() {
        assertEquals(DEMO_MESSAGES, stored(), "messages");
        assertEquals(0, harness.duplicateMessages(), "Message-IDs stored twice");
        assertEquals(DEMO_MESSAGES, count("SELECT count(DISTINCT message_id) FROM messages"));
        assertEquals(DEMO_MESSAGES, count("SELECT count(DISTINCT sha256) FROM messages"), "raw contents stored twice");
        assertEquals(DEMO_MESSAGES, count("SELECT count(*) FROM ledger"), "ledger rows");
        assertEquals(DEMO_MESSAGES, count("SELECT count(DISTINCT uid) FROM ledger"), "ledger UIDs");
        assertEquals(DEMO_MESSAGES, count("SELECT count(*) FROM ledger WHERE outcome = 'stored'"), "ledger outcomes");
        assertEquals(0, count("SELECT count(*) FROM quarantine"));
        assertEquals(uninterruptedShape(), shape(), "threading, customers and attachments as an uninterrupted run has them");
    }

    /**
     * The store's shape, free of row ids: table sizes, and for each server UID (in order) the set of
     * UIDs whose messages share its conversation, as a bit mask (0: in no conversation).
     */
    Map<String, Long> shape() {
        try (Store store = harness.openStore()) {
            return store.inTransaction(tx -> {
                Map<String, Long> shape = new LinkedHashMap<>();
                for (String table : List.of("conversations", "customers", "participants", "attachments", "blobs")) {
                    shape.put(table, tx.count("SELECT count(*) FROM " + table));
                }
                shape.put("ledger rows naming their message", tx.count("SELECT count(*) FROM ledger l"
                        + " JOIN messages m ON m.id = l.message_ref"));
                for (int a = 0; a < uids.size(); a++) {
                    long mask = 0;
                    for (int b = 0; b < uids.size(); b++) {
                        mask |= tx.count("SELECT count(*) FROM ledger la JOIN messages ma ON ma.id = la.message_ref,"
                                + " ledger lb JOIN messages mb ON mb.id = lb.message_ref"
                                + " WHERE la.uid = ? AND lb.uid = ? AND ma.conversation_id = mb.conversation_id",
                                uids.get(a), uids.get(b)) << b;
                    }
                    shape.put("conversation of message " + (a + 1), mask);
                }
                return shape;
            });
        }
    }

    /** The shape one uninterrupted fetch of the demo mailbox gives; computed once per test JVM. */
    static synchronized Map<String, Long> uninterruptedShape() {
        if (reference == null) {
            try {
                Path scratch = Files.createTempDirectory("fetch-reference");
                try (FetchProbeRig clean = new FetchProbeRig(scratch)) {
                    CliRun run = clean.harness.run("fetch");
                    assertEquals(0, run.code(), run.toString());
                    reference = clean.shape();
                } finally {
                    try (Stream<Path> files = Files.walk(scratch)) {
                        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    /** Every queued action was done on the server and cleared; nothing on the server was done twice. */
    void assertEveryActionDone(String afterFetch) throws MessagingException {
        assertEquals(0, pendingActions(), "queued actions left");
        assertEquals(DEMO_MESSAGES, handledOnServer(afterFetch), "handled on the server");
        if (afterFetch.startsWith("move:")) {
            String target = afterFetch.substring("move:".length());
            List<String> ids = new ArrayList<>();
            for (var message : harness.messages(target)) {
                ids.add(message.getMimeMessage().getMessageID());
            }
            assertEquals(DEMO_MESSAGES, ids.stream().distinct().count(), "messages in " + target + ": " + ids);
        }
    }

    /** No lock row is left, and `lock show` says so. */
    void assertLockFree() {
        assertEquals(0, count("SELECT count(*) FROM locks"), "lock rows");
        var show = harness.run("lock", "show");
        assertEquals("No locks are held.\n", show.out(), show.toString());
    }

    @Override
    public void close() {
        harness.close();
    }
}
