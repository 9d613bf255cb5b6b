package dev.helpdesk.auth;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreTarget;
import dev.helpdesk.store.TokenCacheTable;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The OAuth rig with its store on a real PostgreSQL database (a fresh one per rig) and a token key file, and
 * "hosts": each its own store connection, locks under its own host name and token caches, wired as
 * {@code Wiring} wires them for {@code "store": {"postgres": ...}}, with the fake identity provider behind msal4j.
 */
final class SharedStoreRig implements AutoCloseable {
    static final String DB_PASSWORD_ENV = "HELPDESK_DB_PASSWORD";

    final OAuthRig rig;
    final Postgres.Database database;
    final Path keyFile;

    SharedStoreRig(Path dir) {
        this(dir, FakeIdentityProvider.inMemory());
    }

    SharedStoreRig(Path dir, FakeIdentityProvider idp) {
        rig = new OAuthRig(dir, idp);
        database = Postgres.shared().fresh();
        keyFile = newKey(dir.resolve("token.key"));
        rig.env().put(DB_PASSWORD_ENV, database.password());
        writeConfig(keyFile);
    }

    /** The rig's mailboxes (device-flow "office", password "support") on the shared store, sealed with {@code key}. */
    void writeConfig(Path key) {
        rig.harness.writeRaw("""
                {
                  "dataDir": "%s",
                  "store": { "postgres": { "url": "%s", "user": "%s", "password": { "env": "%s" },
                                           "sslmode": "disable" } },
                  "tokenKey": { "file": "%s" },
                  "mailboxes": [
                    { "name": "office", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s",
                      "oauth2": { %s, "clientId": "%s" } },
                    { "name": "support", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(rig.dataDir(), database.url(), database.user(), DB_PASSWORD_ENV, key,
                rig.harness.server().port(), OAuthRig.OFFICE_USER, OAuthRig.DEVICE, rig.clientId,
                rig.harness.server().port(), DemoMailServer.USER, FetchHarness.PASSWORD_ENV));
    }

    /** A new AES-256 key in a 0600 file, as the error messages tell admins to make one. */
    static Path newKey(Path file) {
        byte[] key = new byte[TokenKey.BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    StoreTarget target() {
        return new StoreTarget.Postgres(database.url(), database.user(), database.password(), Optional.of("disable"),
                Optional.empty());
    }

    /** A host running helpdesk against the shared store with the rig's key file. */
    Host host(String name) {
        return new Host(name, keyFile);
    }

    /** A host whose key file is another one. */
    Host host(String name, Path key) {
        return new Host(name, key);
    }

    /** A query's single number, on a connection of its own. */
    long count(String sql, Object... args) {
        try (Store store = Store.open(target(), "test")) {
            return store.read(tx -> tx.count(sql, args));
        }
    }

    /** The office mailbox's row as the database holds it, read on a connection of its own. */
    Optional<TokenCacheTable.Row> row() {
        try (Store store = Store.open(target(), "test")) {
            return store.read(tx -> tx.tokenCaches().find("office"));
        }
    }

    /** The office cache as the key opens it. */
    String cacheText() {
        byte[] sealed = row().flatMap(TokenCacheTable.Row::sealed).orElseThrow();
        return new String(new TokenSeal(TokenKey.load(keyFile)).open("office", sealed), StandardCharsets.UTF_8);
    }

    /** "Later", as the next cron run would find the cache: its access tokens look {@code by} older. */
    void ageCache(Duration by) {
        TokenSeal seal = new TokenSeal(TokenKey.load(keyFile));
        byte[] aged = seal.seal("office", CacheAging.aged(cacheText(), by).getBytes(StandardCharsets.UTF_8));
        try (Store store = Store.open(target(), "test")) {
            store.inTransaction(tx -> {
                tx.tokenCaches().putSealed("office", aged, Instant.now(), "test-aging");
                return null;
            });
        }
    }

    @Override
    public void close() {
        rig.close();
    }

    /** One host: its own connection, its own name in lock rows and token rows, its own msal4j applications. */
    final class Host implements AutoCloseable {
        final String name;
        final Store store;
        final ProcessIdentity self;
        final Locks locks;
        final TokenCaches caches;

        Host(String name, Path key) {
            this.name = name;
            this.store = Store.open(target(), "test");
            this.self = ProcessIdentity.current(name, "helpdesk fetch");
            this.locks = new Locks(store, store.leaseClock(Clock.systemUTC()), new SystemProcesses(), self);
            this.caches = TokenCaches.database(store, locks, new TokenSeal(TokenKey.load(key)),
                    store.leaseClock(Clock.systemUTC()), name);
        }

        MailboxCredentials credentials() {
            return new MailboxCredentials(new PasswordCredentials(rig.secrets()),
                    new OAuthCredentials(caches, rig.apps(), Clock.systemUTC()), false);
        }

        /** {@code helpdesk fetch} on this host, wired as {@code Wiring.fetch} wires it. */
        /** {@code helpdesk fetch NAME...} on this host. */
        List<MailboxReport> fetch(String... mailboxes) {
            Config config = rig.config();
            List<MailboxConfig> chosen = Arrays.stream(mailboxes).map(m -> config.mailbox(m).orElseThrow()).toList();
            return dev.helpdesk.testing.Fetches.of(config, store, locks, credentials(), self, Clock.systemUTC(),
                    Checkpoints.none(), Tuning.DEFAULT).runNamed(chosen, 1);
        }

        MailboxReport fetchOffice() {
            return OAuthRig.report(fetch("office"), "office");
        }

        /** {@code helpdesk auth login --mailbox office} on this host. */
        Login.Outcome login() {
            return new Login(locks, Fetch::lockName, Duration.ofMinutes(10), caches, rig.apps())
                    .run(rig.office(), message -> { });
        }

        Logout.Outcome logout() {
            return new Logout(locks, Fetch::lockName, Duration.ofMinutes(10), caches).run(rig.office());
        }

        TokenStatus status() {
            return new TokenStatusQuery(caches, Clock.systemUTC()).of(rig.config().mailboxes()).get(0);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
