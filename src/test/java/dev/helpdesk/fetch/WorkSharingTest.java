package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.HostIdentity;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.PidSpace;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.MutableClock;
import dev.helpdesk.testing.StoreEngine;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several runs sharing the mailboxes of one store, as several hosts do: the longest-waiting mailbox first, a
 * mailbox whose lease another host holds (or that another run drained since this one began) left to it and not
 * counted as a failure, and no mailbox started once the run's own time is spent.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class WorkSharingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void start() throws Exception {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
        GreenMailUser sales = harness.server().greenMail().setUser("sales@example.com", "sales@example.com",
                DemoMailServer.PASSWORD);
        sales.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                "From: buyer@example.org\r\nSubject: Quote\r\nMessage-ID: <q1@example.org>\r\n\r\nA quote?\r\n"
                        .getBytes(StandardCharsets.US_ASCII))));
        harness.writeSupportAndSales();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** A process of {@code host}, with a PID space of that host's own. */
    private static ProcessIdentity on(String host, long pid) {
        return new ProcessIdentity(pid, new HostIdentity(host, Optional.of(new PidSpace("boot-" + host, "4026531836"))),
                OptionalLong.of(pid), Optional.of(T0), "helpdesk fetch");
    }

    private List<MailboxReport> fetch(ProcessIdentity self, Checkpoints checkpoints) {
        Config config = new ConfigLoader(harness.env()).load(harness.config());
        try (Store store = harness.openStore()) {
            return dev.helpdesk.testing.Fetches.of(config, store, locks(store, self),
                    new PasswordCredentials(new SecretReader(harness.env())), self, clock, checkpoints,
                    Tuning.DEFAULT).run(config.mailboxes());
        }
    }

    /** A run of support a minute ago: sales, which never ran, has waited longest and goes first. */
    private static void supportRanAMinuteAgo(Store store) {
        store.inTransaction(tx -> {
            tx.runs().add(new dev.helpdesk.store.RunTable.Run("support", T0.minusSeconds(60), T0.minusSeconds(59),
                    "ok", 0, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty(), 1, "web9"));
            return null;
        });
    }

    private Locks locks(Store store, ProcessIdentity self) {
        return new Locks(store, clock, new SystemProcesses(), self);
    }

    @Test
    void theLongestWaitingMailboxGoesFirstAndNoneStartsOnceTheRunsTimeIsSpent() {
        List<String> started = new ArrayList<>();
        // Each mailbox's first commit moves the clock past the run's 4 minutes: only the first mailbox runs.
        Checkpoints spendTheTime = point -> {
            if (point == Checkpoint.COMMITTED) {
                clock.advance(Duration.ofMinutes(5));
            }
        };
        List<MailboxReport> first = fetch(on("web1", 100), spendTheTime);
        first.forEach(report -> started.add(report.mailbox() + "=" + report.outcome().key()));
        assertEquals(List.of("support=ok", "sales=deferred"), started, "neither ran before: the order given");
        assertTrue(first.get(1).error().orElseThrow().contains("limits.maxRunDuration, 4m"), first.toString());
        assertEquals(0, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'sales'"), "a deferral is no run");

        List<MailboxReport> second = fetch(on("web1", 100), spendTheTime);
        assertEquals(Outcome.OK, second.get(1).outcome(), "sales has waited longest (never ran): it goes first");
        assertEquals(1, second.get(1).counts().newMessages());
        assertEquals(Outcome.DEFERRED, second.get(0).outcome(), second.toString());
    }

    @Test
    void aMailboxAnotherHostIsDrainingIsLeftToItAndIsNoFailure() {
        try (Store store = harness.openStore()) {
            assertTrue(locks(store, on("web2", 200)).acquire(Fetch.lockName("support"), Duration.ofMinutes(10))
                    instanceof AcquireResult.Acquired);
        }
        List<MailboxReport> reports = fetch(on("web1", 100), Checkpoints.none());
        assertEquals(Outcome.ELSEWHERE, reports.get(0).outcome(), reports.toString());
        assertTrue(reports.get(0).error().orElseThrow().startsWith("being drained by PID 200 on web2"),
                reports.get(0).error().orElseThrow());
        assertEquals(Outcome.OK, reports.get(1).outcome());
        assertEquals(0, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'support'"),
                "the host that drains it records the run");
    }

    @Test
    void aMailboxAnotherRunDrainedSinceThisOneBeganIsNotDrainedTwiceInOneTick() {
        // While this run drains sales (it waited longest), web2 takes support's lease and gives it back.
        try (Store store = harness.openStore()) {
            supportRanAMinuteAgo(store);
        }
        Checkpoints web2Drains = point -> {
            if (point == Checkpoint.COMMITTED) {
                try (Store store = harness.openStore()) {
                    Locks web2 = locks(store, on("web2", 200));
                    if (web2.acquire(Fetch.lockName("support"), Duration.ofMinutes(10))
                            instanceof AcquireResult.Acquired won) {
                        web2.release(won.lease());
                    }
                }
            }
        };
        List<MailboxReport> reports = fetch(on("web1", 100), web2Drains);
        assertEquals(Outcome.OK, reports.get(1).outcome(), reports.toString());
        assertEquals(Outcome.ELSEWHERE, reports.get(0).outcome(), reports.toString());
        assertTrue(reports.get(0).error().orElseThrow().startsWith("drained by another run since this one began"),
                reports.get(0).error().orElseThrow());
        assertEquals(0, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
    }

    @Test
    void aMailboxAnotherHostWasDrainingWhenThisRunBeganAndFinishedSinceIsLeftToIt() {
        // web2 holds support's lease as this run begins (its token is the one this run reads), and finishes while
        // this run drains sales, which waited longest. Its token tells nothing; its drain in this tick does.
        Lease held;
        try (Store store = harness.openStore()) {
            supportRanAMinuteAgo(store);
            held = ((AcquireResult.Acquired) locks(store, on("web2", 200)).acquire(Fetch.lockName("support"),
                    Duration.ofMinutes(10))).lease();
        }
        AtomicBoolean finished = new AtomicBoolean();
        Checkpoints web2Finishes = point -> {
            if (point == Checkpoint.COMMITTED && !finished.getAndSet(true)) {
                try (Store store = harness.openStore()) {
                    locks(store, on("web2", 200)).releaseDrained(held);
                }
            }
        };
        List<MailboxReport> reports = fetch(on("web1", 100), web2Finishes);
        assertEquals(Outcome.OK, reports.get(1).outcome(), reports.toString());
        assertEquals(Outcome.ELSEWHERE, reports.get(0).outcome(), reports.toString());
        assertTrue(reports.get(0).error().orElseThrow().startsWith("drained by web2 in this tick"),
                reports.get(0).error().orElseThrow());
        assertEquals(0, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(1, harness.count("SELECT last_token FROM lock_fences WHERE name = 'fetch:support'"),
                "leaving it took no token");
    }

    @Test
    void aMailboxAnotherHostDrainedJustBeforeThisRunBeganIsLeftButOurOwnEarlierRunsAreNot() {
        // web2's tick started a few seconds before ours and has already drained support.
        clock.advance(Duration.ofSeconds(-5));
        try (Store store = harness.openStore()) {
            Locks web2 = locks(store, on("web2", 200));
            AcquireResult.Acquired won = (AcquireResult.Acquired) web2.acquire(Fetch.lockName("support"),
                    Duration.ofMinutes(10));
            web2.releaseDrained(won.lease());
        }
        clock.advance(Duration.ofSeconds(5));
        List<MailboxReport> reports = fetch(on("web1", 100), Checkpoints.none());
        assertEquals(Outcome.ELSEWHERE, reports.get(0).outcome(), reports.toString());
        assertTrue(reports.get(0).error().orElseThrow().startsWith("drained by web2 in this tick (done at"
                + " 2026-12-01T02:59:55Z)"), reports.get(0).error().orElseThrow());
        assertEquals(Outcome.OK, reports.get(1).outcome());

        // An admin who names the mailbox (`helpdesk fetch support`) gets it drained now.
        Config config = new ConfigLoader(harness.env()).load(harness.config());
        try (Store store = harness.openStore()) {
            MailboxReport named = dev.helpdesk.testing.Fetches.of(config, store, locks(store, on("web1", 100)),
                    new PasswordCredentials(new SecretReader(harness.env())), on("web1", 100), clock,
                    Checkpoints.none(), Tuning.DEFAULT).runNamed(List.of(config.mailbox("support").orElseThrow()), 1)
                    .get(0);
            assertEquals(Outcome.OK, named.outcome(), named.toString());
            assertEquals(6, named.counts().newMessages());
        }

        // A minute later it is the next tick: support is ours again. And our own run of a moment ago
        // (sales) never makes us leave a mailbox: running fetch twice by hand drains twice.
        clock.advance(Fetch.SAME_TICK.plusSeconds(1));
        List<MailboxReport> next = fetch(on("web1", 100), Checkpoints.none());
        assertEquals(Outcome.OK, next.get(0).outcome(), next.toString());
        assertEquals(Outcome.OK, next.get(1).outcome(), next.toString());
    }

    @Test
    void aMailboxAnotherHostFrozeOnInThisTickIsTakenOverOnceItsLeaseRunsOut() {
        clock.advance(Duration.ofSeconds(-20));
        try (Store store = harness.openStore()) {
            locks(store, on("web2", 200)).acquire(Fetch.lockName("support"), Duration.ofSeconds(10)); // then froze
        }
        clock.advance(Duration.ofSeconds(20));
        List<MailboxReport> reports = fetch(on("web1", 100), Checkpoints.none());
        assertEquals(Outcome.OK, reports.get(0).outcome(), reports.toString());
        assertEquals(6, reports.get(0).counts().newMessages());
    }

    @Test
    void theCliSaysWhatWasLeftToOthersOnStdoutAndExitsZero() {
        try (Store store = harness.openStore()) {
            new Locks(store, java.time.Clock.systemUTC(), new SystemProcesses(), on("web2", 200))
                    .acquire(Fetch.lockName("support"), Duration.ofMinutes(10));
        }
        CliRun result = harness.run("fetch");
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("support: being drained by PID 200 on web2"), result.out());
        assertTrue(result.out().contains("sales: 1 new"), result.out());
        assertEquals("", result.err(), "nothing for cron to mail");
    }
}
