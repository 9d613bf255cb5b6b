package dev.helpdesk.testing;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.store.Store;
import jakarta.mail.Flags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real GreenMail IMAP server with the demo scenario, a config pointing at it, and helpers to
 * look at both sides afterwards: what the store holds and what the server's flags and folders say.
 */
public final class FetchHarness implements AutoCloseable {
    public static final String PASSWORD_ENV = "SUPPORT_PW";

    private final DemoMailServer server = new DemoMailServer();
    private final Path dir;
    private final Path config;
    private final Map<String, String> env = new HashMap<>();
    private final StoreEngine.TestStore store;

    /** A harness whose store is a SQLite file in its data directory. */
    public FetchHarness(Path dir) {
        this(dir, StoreEngine.SQLITE);
    }

    /** A harness whose store is of {@code engine}: for tests that must hold on SQLite and PostgreSQL alike. */
    public FetchHarness(Path dir, StoreEngine engine) {
        this.dir = dir;
        this.config = dir.resolve("config.json");
        this.store = engine.prepare(dir.resolve("data"));
        env.put("HOME", dir.resolve("home").toString());
        env.put(PASSWORD_ENV, DemoMailServer.PASSWORD);
        env.putAll(store.env());
        writeConfig("", "");
    }

    public StoreEngine.TestStore store() {
        return store;
    }

    public DemoMailServer server() {
        return server;
    }

    public Path config() {
        return config;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Map<String, String> env() {
        return env;
    }

    /**
     * Writes the config: one mailbox "support" on the GreenMail server. {@code topLevel} and
     * {@code mailboxKeys} are extra JSON members (with a trailing comma) such as
     * {@code "limits": {"maxMessages": 2},} or {@code "afterFetch": "delete",}.
     */
    public void writeConfig(String topLevel, String mailboxKeys) {
        writeRaw("""
                {
                  %s %s
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "support", %s
                      "addresses": ["support@example.com"],
                      "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(store.configMember(), topLevel, dataDir(), mailboxKeys, server.port(),
                DemoMailServer.USER, PASSWORD_ENV));
    }

    /** Writes a config of two mailboxes on the GreenMail server: "support" (the demo user) and "sales". */
    public void writeSupportAndSales() {
        writeRaw("""
                { "dataDir": "%s",
                  "mailboxes": [
                    { "name": "support", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "support@example.com", "password": { "env": "%s" } },
                    { "name": "sales", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "sales@example.com", "password": { "env": "%s" } } ] }
                """.formatted(dataDir(), server.port(), PASSWORD_ENV, server.port(), PASSWORD_ENV));
    }

    /** Writes the config as given, with this harness's store added when it is not SQLite's default. */
    public void writeRaw(String json) {
        String withStore = json.contains("\"store\"") ? json : json.replaceFirst("\\{", "{ " + store.configMember());
        try {
            Files.writeString(config, withStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** `helpdesk --config <ours> ARGS` in process. */
    public CliRun run(String... args) {
        return runAt(Clock.systemDefaultZone(), args);
    }

    /** As {@link #run}, on a clock the test sets (a {@link MutableClock} for "two days later"). */
    public CliRun runAt(Clock clock, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, clock, all);
    }

    public Store openStore() {
        return store.open();
    }

    /** One query's single number, on a fresh connection to the store. */
    public long count(String sql, Object... args) {
        try (Store store = openStore()) {
            return store.inTransaction(tx -> tx.count(sql, args));
        }
    }

    /**
     * Messages stored more than once: the same raw bytes, or the same Message-ID with the same content; must
     * always be 0. (A different mail reusing a Message-ID is a message of its own, not counted here.)
     */
    public long duplicateMessages() {
        return count("SELECT count(*) FROM (SELECT sha256 FROM messages GROUP BY mailbox, sha256 HAVING count(*) > 1)"
                + " AS copies")
                + count("SELECT count(*) FROM (SELECT message_id FROM messages GROUP BY mailbox, message_id,"
                        + " content_sha256 HAVING count(*) > 1) AS copies");
    }

    public MailFolder folder(String name) {
        ImapHostManager host = server.greenMail().getManagers().getImapHostManager();
        return host.getFolder(server.user(), name);
    }

    public List<StoredMessage> messages(String folderName) {
        MailFolder folder = folder(folderName);
        return folder == null ? List.of() : folder.getMessages();
    }

    public long seenCount(String folderName) {
        return messages(folderName).stream().filter(m -> m.isSet(Flags.Flag.SEEN)).count();
    }

    @Override
    public void close() {
        server.close();
    }
}
