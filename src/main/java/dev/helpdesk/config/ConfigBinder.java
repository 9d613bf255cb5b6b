package dev.helpdesk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Turns the top level of a parsed config file into a {@link Config}, checking every key. */
final class ConfigBinder {

    private static final List<String> KEYS =
            List.of("dataDir", "lockTtl", "limits", "mailboxes", "runRetention", "store", "tokenKey");
    private static final List<String> LIMIT_KEYS =
            List.of("maxMessages", "maxBytes", "maxDuration", "maxMessageSize", "maxAttachmentSize",
                    "maxRunDuration");
    private static final String DATA_DIR_EXPECTED = "a directory path such as /var/lib/helpdesk";

    private final Path file;
    private final Supplier<Path> defaultDataDir;
    private final MailboxBinder mailboxBinder;
    private final StoreBinder storeBinder;

    /** {@code defaultDataDir} is asked only when the file has no dataDir, since it may need $HOME. */
    ConfigBinder(Path file, Supplier<Path> defaultDataDir) {
        this.file = file;
        this.defaultDataDir = defaultDataDir;
        this.mailboxBinder = new MailboxBinder(file);
        this.storeBinder = new StoreBinder(file);
    }

    Config bind(Node root) {
        Fields top = Fields.object(file, root, "",
                "a JSON object such as {\"mailboxes\": [...]} at the top level", KEYS);
        Path dataDir = top.optional("dataDir", Values.string(DATA_DIR_EXPECTED,
                        text -> Values.localPath(file, text, DATA_DIR_EXPECTED, true)))
                .orElseGet(defaultDataDir);
        Duration lockTtl = top.optional("lockTtl", Values.duration()).orElse(Config.DEFAULT_LOCK_TTL);
        Duration runRetention = top.optional("runRetention", Values.duration()).orElse(Config.DEFAULT_RUN_RETENTION);
        Limits limits = top.member("limits").map(m -> limits(top, m)).orElseGet(Limits::defaults);
        if (lockTtl.compareTo(limits.maxDuration().multipliedBy(2)) < 0) {
            // A run may end a little after maxDuration (it finishes the message in hand); its heartbeat renews
            // the lease every lockTtl/3, and the margin keeps a late or starved run from losing its lock.
            throw top.fail(top.member("lockTtl").map(Node.Member::line).orElse(top.line()), "lockTtl",
                    "lockTtl (" + Durations.format(lockTtl) + ") must be at least twice limits.maxDuration ("
                            + Durations.format(limits.maxDuration()) + "), so a run never outlives its lock; raise"
                            + " lockTtl to " + Durations.format(limits.maxDuration().multipliedBy(2))
                            + " or more, or lower limits.maxDuration");
        }
        List<MailboxConfig> mailboxes = mailboxes(top, top.member("mailboxes").orElseThrow(() ->
                top.fail(top.line(), "mailboxes", "required key is missing; expected the list of"
                        + " mailboxes to fetch, such as [{\"name\": \"support\", ...}]")));
        Optional<PostgresConfig> postgres = storeBinder.postgres(top);
        Optional<Path> tokenKey = storeBinder.tokenKey(top);
        checkTokenKey(top, postgres, tokenKey, mailboxes);
        return top.at(top.line(), "",
                () -> new Config(file, dataDir, lockTtl, limits, mailboxes, runRetention, postgres, tokenKey));
    }

    /** OAuth token caches in a shared database are kept encrypted, so that key is required there and only there. */
    private static void checkTokenKey(Fields top, Optional<PostgresConfig> postgres, Optional<Path> tokenKey,
            List<MailboxConfig> mailboxes) {
        if (tokenKey.isPresent() && postgres.isEmpty()) {
            throw top.fail(top.member("tokenKey").orElseThrow().line(), "tokenKey", "tokenKey encrypts the token"
                    + " caches kept in a PostgreSQL store, and this config has none (\"store\": {\"postgres\": ...});"
                    + " with SQLite the caches are private files in dataDir. Remove tokenKey, or add the store");
        }
        Optional<MailboxConfig> oauth = mailboxes.stream().filter(m -> m.oauth2().isPresent()).findFirst();
        if (postgres.isPresent() && tokenKey.isEmpty() && oauth.isPresent()) {
            throw top.fail(top.member("store").orElseThrow().line(), "tokenKey", "mailbox " + oauth.get().name()
                    + " logs in with OAuth, and with a PostgreSQL store its token cache is kept in the database,"
                    + " encrypted: add \"tokenKey\": {\"file\": \"/etc/helpdesk/token.key\"} (create the file with"
                    + " `head -c 32 /dev/urandom | base64 > /etc/helpdesk/token.key && chmod 600"
                    + " /etc/helpdesk/token.key`, and copy the same file to every host)");
        }
    }

    private Limits limits(Fields top, Node.Member member) {
        Fields f = Fields.object(file, member.value(), top.path(member.key()),
                "an object such as {\"maxMessages\": 500, \"maxBytes\": \"200MB\"}", LIMIT_KEYS);
        Limits defaults = Limits.defaults();
        int maxMessages = f.optional("maxMessages",
                        Values.wholeNumber(1, Integer.MAX_VALUE, "a whole number of messages above zero"))
                .orElse(defaults.maxMessages());
        long maxBytes = f.optional("maxBytes", Values.size()).orElse(defaults.maxBytes());
        Duration maxDuration = f.optional("maxDuration", Values.duration())
                .orElse(defaults.maxDuration());
        long maxMessageSize = f.optional("maxMessageSize", Values.size())
                .orElse(defaults.maxMessageSize());
        long maxAttachmentSize = f.optional("maxAttachmentSize", Values.size())
                .orElse(defaults.maxAttachmentSize());
        Duration maxRunDuration = f.optional("maxRunDuration", Values.duration())
                .orElse(defaults.maxRunDuration());
        return f.at(f.line(), f.path(), () -> new Limits(maxMessages, maxBytes, maxDuration, maxMessageSize,
                maxAttachmentSize, maxRunDuration));
    }

    private List<MailboxConfig> mailboxes(Fields top, Node.Member member) {
        if (!(member.value() instanceof Node.Arr arr)) {
            throw top.fail(member.value().line(), "mailboxes", "expected a list of mailboxes such as"
                    + " [{\"name\": \"support\", ...}], got " + Values.kind(member.value()));
        }
        if (arr.items().isEmpty()) {
            throw top.fail(arr.line(), "mailboxes", "expected at least one mailbox, got an empty list");
        }
        List<MailboxConfig> mailboxes = new ArrayList<>();
        Map<String, Integer> firstUse = new HashMap<>();
        for (Node item : arr.items()) {
            int index = mailboxes.size();
            String path = Values.index("mailboxes", index);
            MailboxConfig mailbox = mailboxBinder.bind(item, path);
            // Two mailboxes with one name would share a lock and a token cache.
            Integer first = firstUse.putIfAbsent(mailbox.name(), index);
            if (first != null) {
                Node.Member name = ((Node.Obj) item).members().get("name");
                throw top.fail(name.value().line(), Values.child(path, "name"), Values.quote(mailbox.name())
                        + " is already used by " + Values.index("mailboxes", first)
                        + "; every mailbox needs its own name");
            }
            mailboxes.add(mailbox);
        }
        return mailboxes;
    }
}
