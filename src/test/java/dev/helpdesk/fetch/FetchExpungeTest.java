package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.store.MailFolder;
import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.FetchHarness;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another client expunges mail while a run is between chunks: no error, nothing stored twice. */
class FetchExpungeTest {
    @TempDir
    Path dir;

    @Test
    void mailExpungedByAnotherClientMidRunIsNeitherAnErrorNorStoredTwice() throws Exception {
        try (FetchHarness harness = new FetchHarness(dir)) {
            harness.server().seedScenario();
            MailFolder inbox = harness.folder("INBOX");
            long[] uids = inbox.getMessageUids();
            AtomicBoolean expunged = new AtomicBoolean();
            Checkpoints otherClient = point -> {
                // After the first chunk commits, another client deletes the last two messages for good.
                if (point == Checkpoint.COMMITTED && expunged.compareAndSet(false, true)) {
                    try {
                        for (long uid : new long[] {uids[4], uids[5]}) {
                            inbox.setFlags(new Flags(Flags.Flag.DELETED), true, uid, null, false);
                        }
                        inbox.expunge();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            Config config = new ConfigLoader(harness.env()).load(harness.config());
            List<MailboxReport> reports;
            try (Store store = harness.openStore()) {
                ProcessIdentity self = ProcessIdentity.current("test-host", "t"); // the host CliRun runs the CLI as
                Fetch fetch = dev.helpdesk.testing.Fetches.of(config, store,
                        new Locks(store, Clock.systemUTC(), new SystemProcesses(), self),
                        new PasswordCredentials(new SecretReader(harness.env())), self, Clock.systemUTC(),
                        otherClient, new Tuning(2, Long.MAX_VALUE));
                reports = fetch.run(config.mailboxes());
            }
            assertTrue(expunged.get());
            MailboxReport report = reports.get(0);
            assertEquals(Outcome.OK, report.outcome(), report.toString());
            assertEquals(4, report.counts().newMessages());
            assertEquals(4, harness.count("SELECT count(*) FROM messages"));
            assertEquals(0, harness.duplicateMessages());
            assertEquals(0, harness.count("SELECT count(*) FROM pending_actions"));
            assertEquals(0, harness.run("fetch").out().indexOf("support: 0 new"), "the next run finds nothing");
        }
    }
}
