package dev.helpdesk.probe;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.mail.TlsFacts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one step of {@code mailbox test} found out, one record per kind of step. Text from servers is raw here. */
public sealed interface Facts {

    /** Where the host name resolved and which address answered. */
    record Connection(String host, int port, List<String> addresses, String address, boolean loopback)
            implements Facts {
    }

    /** The TLS session, and whether its certificate passed the checks a fetch makes. */
    record Tls(TlsFacts session, boolean verified) implements Facts {
    }

    /** The port did not speak TLS; what it said in plain text instead, if anything. */
    record NoTls(Optional<String> plainAnswer) implements Facts {
    }

    /** {@code security: none}: no TLS at all, which is harmless only on loopback. */
    record PlainText(boolean loopback) implements Facts {
    }

    /** The server's first line and its capabilities before login. */
    record Greeting(String greeting, List<String> capabilities) implements Facts {
    }

    /**
     * The login: the mechanism, the user, and for Microsoft 365 the access token used, which a test always takes
     * from the token cache (when it expires).
     */
    record Login(String mechanism, String username, Optional<Instant> tokenExpires) implements Facts {
    }

    /** The capabilities after login, and the ones that matter here. */
    record Capabilities(List<String> all, boolean move, boolean uidplus, boolean idle, boolean xoauth2)
            implements Facts {
    }

    /**
     * A folder by EXAMINE, and how it compares with the store.
     *
     * @param waiting messages above the stored last UID (all of them when never fetched or UIDVALIDITY changed)
     * @param storedUidValidity and {@code lastUid}: what the last run left, empty if the folder was never fetched
     */
    record Folder(String folder, int messages, long uidValidity, long uidNext, int waiting,
            Optional<Long> storedUidValidity, Optional<Long> lastUid) implements Facts {
        public boolean uidValidityChanged() {
            return storedUidValidity.isPresent() && storedUidValidity.get() != uidValidity;
        }
    }

    /** The configured afterFetch and, for {@code move:}, whether its target exists. */
    record AfterFetch(String action, Optional<String> target, Optional<Boolean> targetExists) implements Facts {
    }

    /** The mailbox's fetch lock, judged now; empty when free. */
    record Lock(String name, Optional<LockStatus> status) implements Facts {
    }
}
