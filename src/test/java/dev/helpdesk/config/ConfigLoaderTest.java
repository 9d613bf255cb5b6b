package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid files load into the records DESIGN.md describes, with every default applied. */
class ConfigLoaderTest {

    @TempDir Path dir;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(dir);
    }

    @Test
    void loadsTheDesignExampleAsWritten() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/config/design-example.jsonc")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = files.write(text);

        Config config = new ConfigLoader(ConfigFiles.ENV).load(file);

        assertEquals(file, config.source());
        assertEquals(Path.of("/var/lib/helpdesk"), config.dataDir());
        assertEquals(Duration.ofMinutes(10), config.lockTtl());
        assertEquals(new Limits(500, 200L << 20, Duration.ofMinutes(4), 25L << 20, 20L << 20), config.limits());
        MailboxConfig support = new MailboxConfig("support", List.of("support@example.com"),
                "imap.example.com", 993, Security.SSL, "support@example.com",
                Optional.of(new SecretRef.Env("SUPPORT_IMAP_PASSWORD")), List.of("INBOX"),
                AfterFetch.markSeen(), Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(120));
        OAuth2Config oauth2 = new OAuth2Config(OAuth2Config.Flow.DEVICE, "contoso.onmicrosoft.com",
                "4a1aa1d5-c567-49d0-ad0b-cd957a47f842",
                Optional.of(new SecretRef.Env("OFFICE_CLIENT_SECRET")), Optional.empty());
        MailboxConfig office = new MailboxConfig("office", List.of(), "outlook.office365.com", 993,
                Security.SSL, "office@contoso.com", Optional.empty(), List.of("INBOX"),
                AfterFetch.markSeen(), Optional.of(oauth2), Duration.ofSeconds(30),
                Duration.ofSeconds(120));
        assertEquals(List.of(support, office), config.mailboxes());
    }

    @Test
    void appliesEveryDefaultWhenOnlyRequiredKeysAreGiven() {
        Config config = files.load(ConfigFiles.mailboxWith(""));

        assertEquals(Path.of("/home/agent/.local/share/helpdesk"), config.dataDir());
        assertEquals(Duration.ofMinutes(10), config.lockTtl());
        assertEquals(Duration.ofDays(30), config.runRetention());
        assertEquals(Limits.defaults(), config.limits());
        assertEquals(new Limits(500, 209_715_200L, Duration.ofMinutes(4), 26_214_400L, 20_971_520L),
                config.limits());
        MailboxConfig mailbox = config.mailboxes().get(0);
        assertEquals(List.of(), mailbox.addresses());
        assertEquals(Security.SSL, mailbox.security());
        assertEquals(993, mailbox.port());
        assertEquals(List.of("INBOX"), mailbox.folders());
        assertEquals(AfterFetch.markSeen(), mailbox.afterFetch());
        assertEquals(Duration.ofSeconds(30), mailbox.connectTimeout());
        assertEquals(Duration.ofSeconds(120), mailbox.readTimeout());
    }

    @Test
    void defaultsPortTo143ForStarttlsAndNone() {
        Config config = files.load("""
                { "mailboxes": [
                        { "name": "a", "host": "imap.example.com", "username": "u",
                            "password": {"env": "PW"}, "security": "starttls" },
                        { "name": "b", "host": "127.0.0.1", "username": "u",
                            "password": {"env": "PW"}, "security": "none" } ] }
                """);

        assertEquals(143, config.mailbox("a").orElseThrow().port());
        assertEquals(143, config.mailbox("b").orElseThrow().port());
    }

    @Test
    void acceptsBothCommentStylesAndTrailingCommas() {
        Config config = files.load("""
                /* block comment
                      over lines */
                {
                    // line comment
                    "mailboxes": [
                        { "name": "support", /* inline */ "host": "imap.example.com", "username": "u",
                            "password": {"env": "PW",}, "folders": ["INBOX", "Junk",], },
                    ],
                }
                """);

        assertEquals(List.of("INBOX", "Junk"), config.mailboxes().get(0).folders());
    }

    @Test
    void readsEveryOptionalMailboxKey() {
        MailboxConfig mailbox = files.load(ConfigFiles.mailboxWith("""
                            "addresses": ["Support@Example.COM", "help@example.com"],
                            "port": 1993, "security": "starttls",
                            "folders": ["INBOX", "Support/Urgent"], "afterFetch": "move:Archive/Done",
                            "connectTimeout": "5s", "readTimeout": "2m"
                """)).mailboxes().get(0);

        assertEquals(List.of("support@example.com", "help@example.com"), mailbox.addresses());
        assertEquals(1993, mailbox.port());
        assertEquals(Security.STARTTLS, mailbox.security());
        assertEquals(List.of("INBOX", "Support/Urgent"), mailbox.folders());
        assertEquals(AfterFetch.move("Archive/Done"), mailbox.afterFetch());
        assertEquals("move:Archive/Done", mailbox.afterFetch().toString());
        assertEquals(Duration.ofSeconds(5), mailbox.connectTimeout());
        assertEquals(Duration.ofMinutes(2), mailbox.readTimeout());
    }

    @Test
    void readsClientCredentialsWithSecretFileAndAuthority() {
        MailboxConfig mailbox = files.load("""
                { "mailboxes": [ { "name": "office", "host": "outlook.office365.com",
                        "username": "office@contoso.com",
                        "oauth2": { "flow": "client-credentials", "tenant": "contoso.onmicrosoft.com",
                                                "clientId": "4A1AA1D5-C567-49D0-AD0B-CD957A47F842",
                                                "clientSecret": { "file": "secrets/office" },
                                                "authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com/" } } ] }
                """).mailboxes().get(0);

        OAuth2Config oauth2 = mailbox.oauth2().orElseThrow();
        assertEquals(OAuth2Config.Flow.CLIENT_CREDENTIALS, oauth2.flow());
        // A relative secret file is taken from the config file's directory, like dataDir.
        assertEquals(Optional.of(new SecretRef.File(dir.resolve("secrets/office"))),
                oauth2.clientSecret());
        assertEquals(Optional.of("https://login.microsoftonline.com/contoso.onmicrosoft.com/"),
                oauth2.authority());
        assertEquals(Optional.empty(), mailbox.password());
    }

    @Test
    void resolvesRelativeDataDirAgainstTheConfigFilesDirectory() {
        Path file = files.write("etc/helpdesk.json", """
                { "dataDir": "../data", "mailboxes": [ { "name": "a", "host": "h", "username": "u",
                    "password": {"file": "pw"} } ] }
                """);

        Config config = new ConfigLoader(ConfigFiles.ENV).load(file);

        assertEquals(dir.resolve("data"), config.dataDir());
        assertEquals(Optional.of(new SecretRef.File(dir.resolve("etc/pw"))),
                config.mailboxes().get(0).password());
    }

    @Test
    void takesTheDefaultDataDirFromXdgDataHome() {
        Path file = files.write(ConfigFiles.mailboxWith(""));

        Config config = new ConfigLoader(Map.of("HOME", "/home/agent", "XDG_DATA_HOME", "/srv/data"))
                .load(file);

        assertEquals(Path.of("/srv/data/helpdesk"), config.dataDir());
    }

    @Test
    void needsNoHomeWhenDataDirIsGiven() {
        Path file = files.write("""
                { "dataDir": "/var/lib/helpdesk", "mailboxes": [ { "name": "a", "host": "h",
                    "username": "u", "password": {"env": "PW"} } ] }
                """);

        assertEquals(Path.of("/var/lib/helpdesk"), new ConfigLoader(Map.of()).load(file).dataDir());
    }

    @Test
    void readsPartialLimitsAndKeepsDefaultsForTheRest() {
        Config config = files.load("""
                { "lockTtl": "1h", "limits": { "maxMessages": 50, "maxBytes": "1GB" },
                    "mailboxes": [ { "name": "a", "host": "h", "username": "u", "password": {"env": "PW"} } ] }
                """);

        assertEquals(Duration.ofHours(1), config.lockTtl());
        assertEquals(Duration.ofDays(30), config.runRetention(), "the default when runRetention is absent");
        assertEquals(new Limits(50, 1L << 30, Duration.ofMinutes(4), 25L << 20, 20L << 20), config.limits());
    }

    @Test
    void readsRunRetentionInDays() {
        Config config = files.load("""
                { "runRetention": "7d",
                    "mailboxes": [ { "name": "a", "host": "h", "username": "u", "password": {"env": "PW"} } ] }
                """);

        assertEquals(Duration.ofDays(7), config.runRetention());
    }

    @Test
    void readsMaxAttachmentSize() {
        Config config = files.load("""
                { "limits": { "maxAttachmentSize": "512KB" },
                    "mailboxes": [ { "name": "a", "host": "h", "username": "u", "password": {"env": "PW"} } ] }
                """);

        assertEquals(512L * 1024, config.limits().maxAttachmentSize());
        assertEquals(Limits.defaults().maxMessageSize(), config.limits().maxMessageSize());
    }

    @Test
    void ignoresAByteOrderMark() {
        Config config = files.load("\uFEFF" + ConfigFiles.mailboxWith(""));

        assertEquals("support", config.mailboxes().get(0).name());
    }

    @Test
    void findsMailboxesByName() {
        Config config = files.load("""
                { "mailboxes": [ { "name": "a", "host": "h", "username": "u", "password": {"env": "PW"} },
                                                  { "name": "b", "host": "h", "username": "u", "password": {"env": "PW"} } ] }
                """);

        assertEquals("b", config.mailbox("b").orElseThrow().name());
        assertTrue(config.mailbox("c").isEmpty());
    }
}
