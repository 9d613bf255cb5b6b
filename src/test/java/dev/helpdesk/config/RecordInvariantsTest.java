package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Records built in code (tests, other packages) obey the same rules as loaded ones. */
class RecordInvariantsTest {

    private static final Optional<SecretRef> PASSWORD = Optional.of(new SecretRef.Env("PW"));

    private static MailboxConfig mailbox(String name, String host, Security security,
            Optional<SecretRef> password, Optional<OAuth2Config> oauth2, List<String> folders,
            AfterFetch afterFetch) {
        return new MailboxConfig(name, List.of("Support@Example.com"), host, security.defaultPort(),
                security, "u", password, folders, afterFetch, oauth2, Duration.ofSeconds(30),
                Duration.ofSeconds(120));
    }

    private static MailboxConfig mailbox(String name) {
        return mailbox(name, "imap.example.com", Security.SSL, PASSWORD, Optional.empty(),
                List.of("INBOX"), AfterFetch.markSeen());
    }

    @Test
    void lowerCasesAddressesAndCopiesLists() {
        List<String> folders = new ArrayList<>(List.of("INBOX"));
        MailboxConfig m = mailbox("a", "h", Security.SSL, PASSWORD, Optional.empty(), folders,
                AfterFetch.markSeen());
        folders.add("Junk");

        assertEquals(List.of("support@example.com"), m.addresses());
        assertEquals(List.of("INBOX"), m.folders());
        assertThrows(UnsupportedOperationException.class, () -> m.folders().add("x"));
    }

    @Test
    void refusesMailboxesThatBreakTheRules() {
        var oauth2 = Optional.of(new OAuth2Config(OAuth2Config.Flow.DEVICE, "contoso.onmicrosoft.com",
                "4a1aa1d5-c567-49d0-ad0b-cd957a47f842", Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("Bad Name"));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "h", Security.SSL,
                Optional.empty(), Optional.empty(), List.of("INBOX"), AfterFetch.markSeen()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "h", Security.SSL, PASSWORD,
                oauth2, List.of("INBOX"), AfterFetch.markSeen()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "imap.example.com",
                Security.NONE, PASSWORD, Optional.empty(), List.of("INBOX"), AfterFetch.markSeen()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "h", Security.SSL, PASSWORD,
                Optional.empty(), List.of(), AfterFetch.markSeen()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "h", Security.SSL, PASSWORD,
                Optional.empty(), List.of("INBOX", "INBOX"), AfterFetch.markSeen()));
        assertThrows(IllegalArgumentException.class, () -> mailbox("a", "h", Security.SSL, PASSWORD,
                Optional.empty(), List.of("INBOX"), AfterFetch.move("INBOX")));
    }

    @Test
    void refusesClientCredentialsWithoutSecretAndMoveWithoutFolder() {
        assertThrows(IllegalArgumentException.class, () -> new OAuth2Config(
                OAuth2Config.Flow.CLIENT_CREDENTIALS, "contoso.onmicrosoft.com",
                "4a1aa1d5-c567-49d0-ad0b-cd957a47f842", Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AfterFetch(AfterFetch.Kind.MOVE, Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AfterFetch(AfterFetch.Kind.DELETE, Optional.of("Trash")));
    }

    @Test
    void refusesConfigsWithoutMailboxesOrWithADuplicateName() {
        Path source = Path.of("/etc/helpdesk/config.json");
        Path data = Path.of("/var/lib/helpdesk");
        assertThrows(IllegalArgumentException.class, () -> new Config(source, data,
                Duration.ofMinutes(10), Limits.defaults(), List.of(), Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> new Config(source, data,
                Duration.ofMinutes(10), Limits.defaults(), List.of(mailbox("a"), mailbox("a")), Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> new Config(source, data,
                Duration.ZERO, Limits.defaults(), List.of(mailbox("a")), Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> new Config(source, data,
                Duration.ofMinutes(10), Limits.defaults(), List.of(mailbox("a")), Duration.ZERO));
    }

    @Test
    void refusesLimitsOfZero() {
        assertThrows(IllegalArgumentException.class,
                () -> new Limits(0, 1, Duration.ofMinutes(1), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Limits(1, 1, Duration.ZERO, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Limits(1, 1, Duration.ofMinutes(1), 1, 0));
    }
}
