package dev.helpdesk.store;

import com.icegreen.greenmail.imap.AuthorizationException;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.Ingests;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.QuarantineRetry;
import dev.helpdesk.fetch.SkippedQuery;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.testing.FaultProxy;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.Fetches;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The drain's paths, common and rare, each provoked as the tests of that path provoke it, on the one {@link Store}
 * whose {@link Store#preparedSql()} {@link DrainQueryPlansTest} explains: a fetch as cron runs it, `skipped fetch`,
 * a server refusing the after-fetch action, `quarantine retry`, and a folder whose UIDVALIDITY changed.
 */
final class DrainPaths {
    private final FetchHarness harness;
    private final Store store;

    DrainPaths(FetchHarness harness, Store store) {
        this.harness = harness;
        this.store = store;
    }

    /** A fetch of the mailbox, as cron runs it. */
    MailboxReport fetch() {
        Config config = config();
        return fetchUseCase(config).run(config.mailboxes()).get(0);
    }

    /**
     * `helpdesk skipped fetch ID` (as SkippedTest runs it) for the one message set aside, its ID read as `skipped
     * list` reads it, in a process of its own: taken now, regardless of the limits.
     */
    MailboxReport fetchSetAside() {
        long id = harness.count("SELECT id FROM set_aside");
        SkippedQuery skipped = new SkippedQuery(store, new MessageParser());
        skipped.request(List.of(skipped.find(id).orElseThrow().id()));
        Config config = config();
        return fetchUseCase(config).fetchRequested(config.mailboxes()).get(0);
    }

    /**
     * A fetch through a {@link FaultProxy} that refuses the after-fetch mark-seen (UID STORE) for quota, as
     * DrainFaultsTest has one refuse a MOVE: the actions stay queued with the reason, for the next run.
     */
    MailboxReport fetchRefusingTheAction() {
        try (FaultProxy proxy = FaultProxy.to(harness.server().port())) {
            proxy.refuseCommand("UID STORE", "[OVERQUOTA] Quota exceeded (mailbox for user is full)");
            String direct = Files.readString(harness.config());
            harness.writeRaw(direct.replaceFirst("\"port\": \\d+", "\"port\": " + proxy.port()));
            try {
                return fetch();
            } finally {
                harness.writeRaw(direct);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * `helpdesk quarantine retry ID` of the input this store quarantined, which still cannot be read, then of one
     * an older parser left (as ReadingCommandsTest leaves one), which is stored now.
     */
    List<QuarantineRetry.Attempt> retryQuarantine(byte[] parsesNow) {
        long stillFailing = harness.count("SELECT id FROM quarantine");
        long older;
        try (Store other = harness.openStore()) { // not this store: its statements are the retry's alone
            older = other.inTransaction(tx -> {
                tx.blobs().put("older-parser", parsesNow.length, () -> new ByteArrayInputStream(parsesNow));
                return tx.quarantine().add("support", "INBOX", 999_999, "older-parser", parsesNow.length,
                        "old parser failed", Instant.now());
            });
        }
        Config config = config();
        QuarantineRetry retry = new QuarantineRetry(store, new Ingests(new MessageParser(), config),
                new DataDir(config.dataDir()).spool(), Clock.systemUTC());
        return List.of(retry.retry(stillFailing), retry.retry(older));
    }

    /**
     * Makes folder {@code name} anew from INBOX's mail (what has a Message-ID, so not the input that is not mail):
     * on a second call, with a new UIDVALIDITY, as FetchTest makes one.
     */
    long refillFolder(String name) throws InterruptedException {
        ImapHostManager host = harness.server().greenMail().getManagers().getImapHostManager();
        try {
            if (harness.folder(name) != null) {
                host.deleteMailbox(harness.server().user(), name);
                Thread.sleep(1_010 - System.currentTimeMillis() % 1_000); // GreenMail's UIDVALIDITY counts seconds
            }
            MailFolder folder = host.createMailbox(harness.server().user(), name);
            for (StoredMessage message : harness.messages("INBOX")) {
                if (message.getMimeMessage().getMessageID() != null) {
                    folder.appendMessage(new MimeMessage(message.getMimeMessage()), new Flags(), new Date());
                }
            }
            return folder.getUidValidity();
        } catch (AuthorizationException | FolderException | MessagingException e) {
            throw new IllegalStateException("GreenMail would not make folder " + name + " anew", e);
        }
    }

    void deliver(byte[] raw) {
        harness.server().user().deliver(GreenMailUtil.newMimeMessage(new ByteArrayInputStream(raw)));
    }

    private Config config() {
        return new ConfigLoader(harness.env()).load(harness.config());
    }

    private Fetch fetchUseCase(Config config) {
        ProcessIdentity self = ProcessIdentity.current("test-host", "t");
        return Fetches.of(config, store, new Locks(store, Clock.systemUTC(), new SystemProcesses(), self),
                new PasswordCredentials(new SecretReader(harness.env())), self, Clock.systemUTC(),
                Checkpoints.none(), new Tuning(8, Long.MAX_VALUE));
    }
}
