package dev.helpdesk.fetch;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.Dovecot;
import dev.helpdesk.testing.FaultProxy;
import dev.helpdesk.testing.PlainImapClient;
import dev.helpdesk.testing.RawImap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A real Dovecot (optionally advertising a reduced capability list), a {@link FaultProxy} in front of it, and
 * a config whose one mailbox "support" reaches Dovecot through the proxy: the drain tests' rig.
 */
public final class DovecotRig implements AutoCloseable {
    public static final String USER = "support@example.com";
    public static final String PASSWORD = "dovecot-pw";
    public static final String PASSWORD_ENV = "SUPPORT_PW";

    public final Dovecot dovecot;
    public final FaultProxy proxy;
    private final Path dir;
    private final Map<String, String> env = new java.util.HashMap<>();

    public DovecotRig(Path dir, String capability) {
        this.dir = dir;
        Dovecot.Builder builder = Dovecot.in(dir).user(USER, PASSWORD);
        this.dovecot = (capability == null ? builder : builder.capability(capability)).start();
        this.proxy = FaultProxy.to(dovecot.port());
        env.put(PASSWORD_ENV, PASSWORD);
        env.put("HOME", dir.resolve("home").toString());
        config("", "");
    }

    public DovecotRig(Path dir) {
        this(dir, null);
    }

    /** One mailbox through the proxy; {@code topLevel} and {@code mailboxKeys} are extra JSON members with a comma. */
    public void config(String topLevel, String mailboxKeys) {
        try {
            Files.writeString(dir.resolve("config.json"), """
                    { %s
                      "dataDir": "%s",
                      "mailboxes": [ { "name": "support", %s "host": "127.0.0.1", "port": %d, "security": "none",
                                       "username": "%s", "password": { "env": "%s" } } ] }
                    """.formatted(topLevel, dataDir(), mailboxKeys, proxy.port(), USER, PASSWORD_ENV));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public CliRun run(String... args) {
        return runAt(Clock.systemDefaultZone(), args);
    }

    /** As {@link #run}, on a clock the test moves. */
    public CliRun runAt(Clock clock, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve("config.json").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, clock, all);
    }

    /** The environment the runs get; a test may change a secret in it. */
    public Map<String, String> env() {
        return env;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public long count(String sql, Object... args) {
        try (Store store = new DataDir(dataDir()).openStore("test")) {
            return store.read(tx -> tx.count(sql, args));
        }
    }

    /** A client of the server itself, not through the proxy, to check what the drain did there. */
    PlainImapClient server() {
        return dovecot.client();
    }

    /** Raw commands straight to the server, for what staff would do in their mail client. */
    RawImap.Reply staff(String folder, String command) {
        try (RawImap imap = new RawImap(dovecot.port())) {
            imap.login(USER, PASSWORD);
            imap.select(folder);
            return imap.command(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        proxy.close();
        dovecot.close();
    }
}
