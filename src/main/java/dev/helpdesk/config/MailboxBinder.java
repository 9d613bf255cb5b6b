package dev.helpdesk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns one element of {@code mailboxes} into a {@link MailboxConfig}, checking every key. */
final class MailboxBinder {

    private static final List<String> KEYS = List.of("name", "addresses", "host", "port",
            "security", "username", "password", "oauth2", "folders", "afterFetch", "connectTimeout",
            "readTimeout");
    private static final String SECURITY_EXPECTED = "one of \"ssl\", \"starttls\" or \"none\"";

    private final Path file;
    private final LoginBinder loginBinder;

    MailboxBinder(Path file) {
        this.file = file;
        this.loginBinder = new LoginBinder(file);
    }

    MailboxConfig bind(Node node, String path) {
        Fields f = Fields.object(file, node, path,
                "a mailbox object such as {\"name\": \"support\", \"host\": ..., ...}", KEYS);
        String name = f.required("name", "a mailbox name such as \"support\"",
                Values.string("a mailbox name such as \"support\"", MailboxConfig::checkName));
        List<String> addresses = f.member("addresses")
                .map(m -> f.list(m, "a list of our own addresses such as [\"support@example.com\"]",
                        Values.string("an email address such as support@example.com",
                                MailboxConfig::checkAddress)))
                .orElse(List.of());
        String host = f.required("host", "the IMAP server's host name such as imap.example.com",
                Values.string("a host name such as imap.example.com", MailboxConfig::checkHost));
        Optional<Node.Member> securityKey = f.member("security");
        Security security = securityKey
                .map(m -> f.get(m, Values.string(SECURITY_EXPECTED, MailboxBinder::security)))
                .orElse(Security.SSL);
        securityKey.ifPresent(m -> f.at(m.value().line(), f.path(m.key()), () -> {
            MailboxConfig.checkSecurity(security, host);
            return security;
        }));
        int port = f.optional("port", Values.wholeNumber(1, 65_535, MailboxConfig.PORT_EXPECTED))
                .orElse(security.defaultPort());
        String username = f.required("username", "the IMAP login name",
                Values.string("the IMAP login name", MailboxConfig::checkUsername));
        LoginBinder.Login login = loginBinder.bind(f);
        List<String> folders = f.member("folders").map(m -> folders(f, m)).orElse(List.of("INBOX"));
        AfterFetch afterFetch = f.member("afterFetch").map(m -> f.get(m,
                Values.string(AfterFetch.EXPECTED, text -> {
                    AfterFetch parsed = AfterFetch.parse(text);
                    MailboxConfig.checkAfterFetch(parsed, folders);
                    return parsed;
                }))).orElseGet(AfterFetch::markSeen);
        Duration connectTimeout = f.optional("connectTimeout", Values.duration())
                .orElse(MailboxConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = f.optional("readTimeout", Values.duration())
                .orElse(MailboxConfig.DEFAULT_READ_TIMEOUT);
        return f.at(f.line(), f.path(), () -> new MailboxConfig(name, addresses, host, port, security,
                username, login.password(), folders, afterFetch, login.oauth2(), connectTimeout,
                readTimeout));
    }

    private static Security security(String text) {
        return Security.fromJson(text).orElseThrow(() -> new IllegalArgumentException(
                "expected " + SECURITY_EXPECTED + ", got " + Values.quote(text)));
    }

    private static List<String> folders(Fields f, Node.Member member) {
        List<String> folders = f.list(member, "a list of folder names such as [\"INBOX\"]",
                Values.string("a folder name such as \"INBOX\"", MailboxConfig::checkFolder));
        f.at(member.value().line(), f.path(member.key()), () -> {
            MailboxConfig.checkFolderCount(folders.size());
            return folders;
        });
        // Listing a folder twice would drain it twice per run.
        Map<String, Integer> seen = new HashMap<>();
        List<Node> items = ((Node.Arr) member.value()).items();
        for (int i = 0; i < folders.size(); i++) {
            Integer first = seen.putIfAbsent(folders.get(i), i);
            if (first != null) {
                throw f.fail(items.get(i).line(), Values.index(f.path(member.key()), i),
                        Values.quote(folders.get(i)) + " is already listed as "
                                + Values.index(f.path(member.key()), first));
            }
        }
        return folders;
    }
}
