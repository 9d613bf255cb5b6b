package dev.helpdesk.cli;

import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.auth.Login;
import dev.helpdesk.auth.Logout;
import dev.helpdesk.auth.MailboxCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.auth.TokenCaches;
import dev.helpdesk.auth.TokenKey;
import dev.helpdesk.auth.TokenSeal;
import dev.helpdesk.auth.TokenStatus;
import dev.helpdesk.auth.TokenStatusQuery;
import dev.helpdesk.config.Config;
import dev.helpdesk.copy.CopyToPostgres;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Connector;
import dev.helpdesk.fetch.DrainProgress;
import dev.helpdesk.fetch.DrainSettings;
import dev.helpdesk.fetch.DryRun;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxDrain;
import dev.helpdesk.fetch.RunHistory;
import dev.helpdesk.fetch.RunLog;
import dev.helpdesk.fetch.Ingests;
import dev.helpdesk.fetch.SkippedQuery;
import dev.helpdesk.fetch.StatusQuery;
import dev.helpdesk.fetch.QuarantineRetry;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.config.ConfigLocator;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.monitor.Check;
import dev.helpdesk.probe.MailboxProbe;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.ProcessLiveness;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds every object a command needs, from what {@code main} read off the system. The one place
 * where features meet; commands ask it for the use case they run and nothing else.
 */
final class Wiring {
    private final Map<String, String> env;
    private final Clock clock;
    private final ProcessLiveness liveness;
    private final ProcessIdentity self;
    private final String version;
    private final Terminal terminal;
    private final Runnable storeLibraryLoaded;
    private Optional<Path> configFlag = Optional.empty();
    private boolean verbose;
    private boolean quiet;
    private Config config;
    private TokenSeal tokenSeal;

    /** {@code storeLibraryLoaded} waits for the store's native library, loading meanwhile (Main). */
    Wiring(Map<String, String> env, Clock clock, ProcessLiveness liveness, ProcessIdentity self, String version,
            Terminal terminal, Runnable storeLibraryLoaded) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.liveness = liveness;
        this.self = self;
        this.version = version;
        this.terminal = terminal;
        this.storeLibraryLoaded = storeLibraryLoaded;
    }

    /** A live progress line on stderr, when stderr is a terminal; the command decides whether it wants one. */
    Optional<DrainProgress> progressLine() {
        return terminal.stderr().map(err -> new ProgressLine(err, clock, terminal.columns()));
    }

    /** Set while picocli parses {@code --config}, before any command runs. */
    void useConfigFile(Path file) {
        this.configFlag = Optional.of(file);
    }

    void verbose(boolean on) {
        this.verbose = on;
    }

    boolean verbose() {
        return verbose;
    }

    void quiet(boolean on) {
        this.quiet = on;
    }

    /** With --quiet, commands print nothing but errors. */
    boolean quiet() {
        return quiet;
    }

    Clock clock() {
        return clock;
    }

    String version() {
        return version;
    }

    ConfigLocator locator() {
        return new ConfigLocator(env);
    }

    Optional<Path> configFlag() {
        return configFlag;
    }

    /** The configuration, located and loaded once per run. */
    Config config() {
        if (config == null) {
            config = loadConfig(locator().locate(configFlag));
        }
        return config;
    }

    Config loadConfig(Path file) {
        return new ConfigLoader(env).load(file);
    }

    DataDir dataDir() {
        return new DataDir(config().dataDir());
    }

    /** The store, created on first use; for commands that write. */
    Store openStore() {
        if (config().postgres().isEmpty()) {
            dataDir().create();
        }
        return openStore(storeTarget());
    }

    /** The store only if it exists; read-only commands leave nothing behind on a fresh machine. */
    Optional<Store> openExistingStore() {
        storeLibraryLoaded.run();
        return Store.openIfExists(storeTarget(), version);
    }

    /** The shared PostgreSQL database when the config names one, else the SQLite file in dataDir. */
    StoreTarget storeTarget() {
        return storeTarget(config());
    }

    /** The store another config names, as {@link #storeTarget()} reads this one's. */
    StoreTarget storeTarget(Config other) {
        return StoreTargets.of(other, new SecretReader(env));
    }

    /** A store that another config names, created or migrated as any store is when opened. */
    Store openStore(StoreTarget target) {
        storeLibraryLoaded.run();
        return Store.open(target, version);
    }

    /**
     * Reads from the store when it exists, else returns {@code ifNone}: a read-only command on a
     * fresh machine creates nothing.
     */
    <T> T readStore(java.util.function.Function<Store, T> read, java.util.function.Supplier<T> ifNone) {
        Optional<Store> existing = openExistingStore();
        if (existing.isEmpty()) {
            return ifNone.get();
        }
        try (Store store = existing.get()) {
            return read.apply(store);
        }
    }

    Locks locks(Store store) {
        return new Locks(store, store.leaseClock(clock), liveness, self);
    }

    /**
     * Where the OAuth token caches are kept: files in dataDir, or with a PostgreSQL store its rows, sealed with the
     * token key (read once per run; a key file that cannot be used stops the run before any mailbox, exit 78).
     * {@code store} is the open store; a shared one always exists, so it is present whenever it is needed.
     */
    TokenCaches tokenCaches(Optional<Store> store) {
        if (config().postgres().isEmpty()) {
            return TokenCaches.files(config().dataDir());
        }
        if (config().tokenKey().isEmpty()) {
            return TokenCaches.none(); // the config has no OAuth mailbox, or it would have been refused
        }
        Store shared = store.orElseThrow(() -> new IllegalStateException("the shared store was not opened"));
        return TokenCaches.database(shared, locks(shared), tokenSeal(), shared.leaseClock(clock), self.host());
    }

    private TokenSeal tokenSeal() {
        if (tokenSeal == null) {
            tokenSeal = new TokenSeal(TokenKey.load(config().tokenKey().orElseThrow()));
        }
        return tokenSeal;
    }

    CredentialSource credentials(Store store) {
        return new MailboxCredentials(new SecretReader(env), tokenCaches(Optional.of(store)), clock);
    }

    /** Cached OAuth tokens only: a dry run never asks Microsoft for a token or rewrites a token cache. */
    CredentialSource dryRunCredentials(Optional<Store> store) {
        return MailboxCredentials.readOnly(new SecretReader(env), tokenCaches(store), clock);
    }

    Login login(Store store) {
        return new Login(locks(store), Fetch::lockName, config().lockTtl(), tokenCaches(Optional.of(store)),
                new SecretReader(env));
    }

    Logout logout(Store store) {
        return new Logout(locks(store), Fetch::lockName, config().lockTtl(), tokenCaches(Optional.of(store)));
    }

    TokenStatusQuery tokenStatus(Optional<Store> store) {
        return new TokenStatusQuery(tokenCaches(store), clock);
    }

    /**
     * auth status: every OAuth mailbox's token cache, read where it is kept. Files need no store (a fresh machine
     * gets none made); the shared database is opened for the reading.
     */
    List<TokenStatus> tokenStatuses() {
        if (config().postgres().isEmpty()) {
            return tokenStatus(Optional.empty()).of(config().mailboxes());
        }
        try (Store store = openStore()) {
            return tokenStatus(Optional.of(store)).of(config().mailboxes());
        }
    }

    /**
     * store copy into the database of {@code target}: the fetch locks are taken in {@code locksStore}, a second
     * connection to this config's store, since the copy reads a snapshot on the first.
     */
    CopyToPostgres copyToPostgres(Store locksStore, Config target) {
        return new CopyToPostgres(locks(locksStore), Fetch::lockName, config().lockTtl(), clock, config().dataDir(),
                target.tokenKey(), self.host());
    }

    Fetch fetch(Store store) {
        return fetch(store, DrainProgress.NONE);
    }

    Fetch fetch(Store store, DrainProgress progress) {
        Locks locks = locks(store);
        MailboxDrain drain = new MailboxDrain(store, locks, new Connector(credentials(store), new ImapClient()),
                new Ingests(new MessageParser(), config()),
                new DrainSettings(config().limits(), dataDir().spool(), Tuning.DEFAULT), clock, Checkpoints.none(),
                progress);
        return new Fetch(locks, drain, new RunLog(store, self, clock, config().runRetention()), config().lockTtl(),
                config().limits().maxRunDuration(), clock);
    }

    QuarantineRetry quarantineRetry(Store store) {
        return new QuarantineRetry(store, new Ingests(new MessageParser(), config()), dataDir().spool(), clock);
    }

    /** The status read model: status, check and metrics all read it, so "last success" is decided once. */
    StatusQuery statuses(Store store) {
        return new StatusQuery(store, locks(store));
    }

    Check check(Store store) {
        return new Check(store, statuses(store), clock);
    }

    RunHistory runHistory(Store store) {
        return new RunHistory(store);
    }

    SkippedQuery skipped(Store store) {
        return new SkippedQuery(store, new MessageParser());
    }

    /**
     * mailbox test: logs in with the cached token only (as a dry run), reads the store from snapshots if it exists,
     * and takes no lock, so it never competes with a running fetch.
     */
    MailboxProbe mailboxProbe(Optional<Store> store) {
        return new MailboxProbe(new Connector(dryRunCredentials(store), new ImapClient()), tokenStatus(store), store,
                store.map(this::locks), clock);
    }

    DryRun dryRun(Optional<Store> store) {
        return new DryRun(store, new Connector(dryRunCredentials(store), new ImapClient()), config().limits(), clock);
    }
}
