package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.store.MailFolder;
import dev.helpdesk.auth.TokenKey;
import dev.helpdesk.auth.TokenSeal;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.MutableClock;
import dev.helpdesk.testing.Postgres;
import dev.helpdesk.testing.StoreTables;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store copy}: a SQLite store filled by real fetches from GreenMail (attachments, a quarantined input, a
 * set-aside message, runs) and an OAuth mailbox's token cache files, copied into a real PostgreSQL database; then
 * fetches and reads against PostgreSQL carry on from the copy.
 */
@Tag("process")
class StoreCopyTest {
    private static final String CACHE = "{\"AccessToken\":{},\"RefreshToken\":{\"rt\":{\"secret\":\"r-1\"}}}";
    /** In both configs: with a higher limit, the set-aside message would be fetched as new (it fits now). */
    private static final String LIMITS = "\"limits\": { \"maxMessageSize\": \"2KB\" },";
    private static final String NOTE = "2026-11-23T03:00:00Z AADSTS70008: the refresh token has expired";

    @TempDir
    Path dir;

    private FetchHarness harness;
    private Postgres.Database database;
    private Path pgConfig;
    private Path tokenKey;
    private final Clock clock = new MutableClock(Instant.parse("2026-11-23T03:00:00Z"));

    @BeforeEach
    void fillTheSqliteStore() throws Exception {
        harness = new FetchHarness(dir);
        harness.env().put("PG_PW", Postgres.PASSWORD);
        harness.writeRaw(config(harness.dataDir(), LIMITS));
        harness.server().seedScenario();
        DemoMailServer.DEMO_ONLY.forEach(harness.server()::deliver);
        append(bigMessage());
        append("This is no mail at all, only a line of text.\r\n".getBytes(StandardCharsets.US_ASCII));
        CliRun first = harness.run("fetch", "--mailbox", "support");
        assertEquals(65, first.code(), "one input quarantined: " + first);
        assertEquals(0, harness.run("fetch", "--mailbox", "support").code());

        Path tokens = Files.createDirectories(harness.dataDir().resolve("tokens"));
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(Files.writeString(tokens.resolve("office.json"), CACHE),
                PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tokens.resolve("office.login-required"), NOTE);

        database = Postgres.shared().fresh();
        tokenKey = dir.resolve("token.key");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(tokenKey, Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(tokenKey, PosixFilePermissions.fromString("rw-------"));
        pgConfig = Files.writeString(dir.resolve("pg.json"), config(dir.resolve("pg-data"), LIMITS + postgres(database)
                + "\"tokenKey\": { \"file\": \"" + tokenKey + "\" },"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void copiesEveryTableAndTheTokenCachesAndFetchCarriesOnWithoutRefetching() throws Exception {
        StoreTables sqlite = StoreTables.sqlite(harness.dataDir().resolve("helpdesk.db"));
        assertTrue(sqlite.count("quarantine") == 1 && sqlite.count("set_aside") == 1 && sqlite.count("runs") == 2
                && sqlite.count("attachments") > 0, "the source has every kind of row: " + sqlite.counts());

        CliRun copy = harness.runAt(clock, "store", "copy", "--to", pgConfig.toString());
        assertEquals(0, copy.code(), copy.toString());
        System.out.println("store copy of " + sqlite.counts() + ": " + copy.out().lines()
                .filter(line -> line.startsWith("Copied")).findFirst().orElseThrow());

        StoreTables pg = StoreTables.postgres(database);
        for (String table : sqlite.copiedTables()) {
            long rows = sqlite.count(table) + (table.equals("token_caches") ? 1 : 0);
            assertTrue(copy.out().lines().anyMatch(line -> line.matches(table + " +" + rows + " +" + rows)),
                    table + " with " + rows + " rows on both sides in\n" + copy.out());
            if (!table.equals("token_caches")) {
                assertEquals(sqlite.rows(table), pg.rows(table), table);
            }
        }
        assertTrue(copy.out().contains("every table counts the same on both sides"), copy.out());
        assertTrue(copy.err().contains("store copy: blob_chunks: "), "progress on stderr: " + copy.err());
        assertEquals(0, pg.count("locks"), "the copy's own leases stay in the source");
        assertEquals(sqlite.rows("lock_fences"), pg.rows("lock_fences"), "fencing tokens never repeat");
        assertEquals(0, sqlite.count("locks"), "every fetch lock given back");

        TokenSeal seal = new TokenSeal(TokenKey.load(tokenKey));
        assertArrayEquals(CACHE.getBytes(StandardCharsets.UTF_8), seal.open("office", pg.bytes(
                "SELECT sealed FROM token_caches WHERE mailbox = 'office'")));
        assertEquals(NOTE, pg.text("SELECT login_required FROM token_caches WHERE mailbox = 'office'"));

        long maxId = pg.count("SELECT max(id) FROM messages");
        CliRun again = runOnPostgres("fetch", "--mailbox", "support");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().startsWith("support: 0 new, 0 duplicates, 0 quarantined, 0 set aside"), again.out());
        assertEquals(sqlite.rows("messages"), pg.rows("messages"), "never refetches a mail");
        assertEquals(harness.runAt(clock, "conversations", "list").out(),
                runOnPostgres("conversations", "list").out());

        harness.server().user().deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(("From: new@example.org\r\nTo: support@example.com\r\nSubject: After the"
                        + " move\r\nMessage-ID: <after-move@example.org>\r\n\r\nHello PostgreSQL.\r\n")
                        .getBytes(StandardCharsets.US_ASCII))));
        CliRun later = runOnPostgres("fetch", "--mailbox", "support");
        assertTrue(later.out().startsWith("support: 1 new, 0 duplicates"), later.toString());
        assertTrue(pg.count("SELECT min(id) FROM messages WHERE message_id = 'after-move@example.org'") > maxId,
                "identity continues after the copied ids");
    }

    @Test
    void refusesATargetThatIsNotEmptyNamingWhatItHolds() throws Exception {
        assertEquals(0, harness.runAt(clock, "store", "copy", "--to", pgConfig.toString()).code());
        StoreTables pg = StoreTables.postgres(database);
        long messages = pg.count("messages");

        CliRun second = harness.runAt(clock, "store", "copy", "--to", pgConfig.toString());
        assertEquals(78, second.code(), second.toString());
        assertTrue(second.err().contains("is not empty: it holds "), second.err());
        assertTrue(second.err().contains(messages + " rows in messages"), second.err());
        assertEquals(messages, pg.count("messages"));
        assertEquals(0, StoreTables.sqlite(harness.dataDir().resolve("helpdesk.db")).count("locks"));
    }

    @Test
    void refusesWhileAFetchHoldsAMailboxsLockAndCopiesNothing() {
        try (Store store = harness.openStore()) {
            new Locks(store, Clock.systemUTC(), holder -> false, ProcessIdentity.current("test-host", "helpdesk fetch"))
                    .acquire("fetch:support", Duration.ofMinutes(10));
        }
        CliRun busy = harness.runAt(clock, "store", "copy", "--to", pgConfig.toString());
        assertEquals(75, busy.code(), busy.toString());
        assertTrue(busy.err().contains("mailbox support is busy: its lock fetch:support is held by PID "), busy.err());
        assertTrue(busy.err().contains("Pause cron (or the systemd timer)"), busy.err());
        assertEquals("", busy.out());
        assertEquals(0, StoreTables.postgres(database).count("messages"));
        StoreTables sqlite = StoreTables.sqlite(harness.dataDir().resolve("helpdesk.db"));
        assertEquals(List.of("fetch:support"), sqlite.column("SELECT name FROM locks"), "office's lock given back");
    }

    @Test
    void refusesATargetConfigWithoutPostgres() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.json"), config(dir.resolve("other"), ""));
        CliRun refused = harness.runAt(clock, "store", "copy", "--to", plain.toString());
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().startsWith("helpdesk: " + plain + " has no \"store\": {\"postgres\": ...}"),
                refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());

        CliRun same = CliRun.run(harness.env(), clock, "--config", pgConfig.toString(), "store", "copy", "--to",
                pgConfig.toString());
        assertEquals(2, same.code(), same.toString());
        assertTrue(same.err().contains("names the same database"), same.err());
    }

    @Test
    void aFailureHalfwayLeavesTheTargetEmpty() throws Exception {
        // An attachment of a message that does not exist: SQLite let it in without its foreign key checks.
        StoreTables.sqlite(harness.dataDir().resolve("helpdesk.db")).execute("INSERT INTO attachments"
                + " (id, message_id, name, content_type, size) VALUES (9999, 9999, 'x.pdf', 'application/pdf', 1)");
        CliRun failed = harness.runAt(clock, "store", "copy", "--to", pgConfig.toString());
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.err().contains("copying the table attachments failed: "), failed.err());
        assertTrue(failed.err().contains("nothing was copied"), failed.err());
        StoreTables pg = StoreTables.postgres(database);
        for (String table : List.of("messages", "conversations", "blob_chunks", "ledger", "runs", "token_caches")) {
            assertEquals(0, pg.count(table), table);
        }
        assertEquals(0, StoreTables.sqlite(harness.dataDir().resolve("helpdesk.db")).count("locks"));
    }

    @Test
    void aTokenCacheWithoutAKeyInTheTargetConfigIsRefused() throws Exception {
        Files.writeString(pgConfig, config(dir.resolve("pg-data"), postgres(database)).replaceFirst(
                "(?s)\\{ \"name\": \"office\".*?\\} \\},", ""));
        CliRun refused = harness.runAt(clock, "store", "copy", "--to", pgConfig.toString());
        assertEquals(78, refused.code(), refused.toString());
        assertTrue(refused.err().contains("mailbox office has a token cache"), refused.err());
        assertTrue(refused.err().contains("has no \"tokenKey\""), refused.err());
        assertEquals(0, StoreTables.postgres(database).count("messages"));
    }

    private CliRun runOnPostgres(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = pgConfig.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(harness.env(), clock, all);
    }

    private String config(Path dataDir, String topLevel) {
        return """
                { %s
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "office", "host": "outlook.office365.com", "username": "office@contoso.com",
                      "oauth2": { "flow": "device", "tenant": "contoso.onmicrosoft.com",
                                  "clientId": "4a1aa1d5-c567-49d0-ad0b-cd957a47f842" } },
                    { "name": "support", "addresses": ["support@example.com"],
                      "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(topLevel, dataDir, harness.server().port(), DemoMailServer.USER,
                FetchHarness.PASSWORD_ENV);
    }

    private static String postgres(Postgres.Database database) {
        return "\"store\": { \"postgres\": { \"url\": \"" + database.url() + "\", \"user\": \"" + database.user()
                + "\", \"password\": { \"env\": \"PG_PW\" }, \"sslmode\": \"disable\" } },";
    }

    /** A mail over the 2 KB limit: set aside with its header section, left on the server. */
    private static byte[] bigMessage() {
        return ("From: Big Sender <big@example.org>\r\nTo: support@example.com\r\nSubject: Scan of the contract\r\n"
                + "Message-ID: <big@example.org>\r\n\r\n" + "0123456789abcdef".repeat(256) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void append(byte[] raw) throws Exception {
        MailFolder inbox = harness.folder("INBOX");
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)),
                new Flags(), new Date());
    }
}
