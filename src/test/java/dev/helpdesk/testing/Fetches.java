package dev.helpdesk.testing;

import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.config.Config;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Connector;
import dev.helpdesk.fetch.DrainSettings;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.Ingests;
import dev.helpdesk.fetch.MailboxDrain;
import dev.helpdesk.fetch.RunLog;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import java.time.Clock;

/** The fetch use case wired as {@code Wiring.fetch} wires it, with a test's own locks, checkpoints and chunks. */
public final class Fetches {
    private Fetches() {
    }

    public static Fetch of(Config config, Store store, Locks locks, CredentialSource credentials,
            ProcessIdentity self, Clock clock, Checkpoints checkpoints, Tuning tuning) {
        MailboxDrain drain = new MailboxDrain(store, locks, new Connector(credentials, new ImapClient()),
                new Ingests(new MessageParser(), config),
                new DrainSettings(config.limits(), new DataDir(config.dataDir()).spool(), tuning), clock, checkpoints);
        return new Fetch(locks, drain, new RunLog(store, self, clock, config.runRetention()), config.lockTtl(),
                config.limits().maxRunDuration(), clock);
    }
}
