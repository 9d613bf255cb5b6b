package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file `helpdesk init` writes loads, also with its commented-out parts enabled. */
class ExampleConfigTest {

    @TempDir Path dir;

    @Test
    void loadsAsWrittenWithOnePasswordMailbox() {
        Config config = new ConfigFiles(dir).load(ExampleConfig.text());

        assertEquals(List.of("support"), config.mailboxes().stream().map(MailboxConfig::name).toList());
        MailboxConfig support = config.mailboxes().get(0);
        assertEquals(Optional.of(new SecretRef.Env("SUPPORT_IMAP_PASSWORD")), support.password());
        assertEquals(Limits.defaults(), config.limits());
    }

    @Test
    void loadsWithEveryCommentedOutOptionEnabled() {
        // Commented-out code is a brace or a "key": after the //; prose never is.
        String enabled = ExampleConfig.text()
                .replaceAll("(?m)^(\\s*)// (?=\\s*(\\{|\\}|\"\\w+\":))", "$1");

        Config config = new ConfigFiles(dir).load(enabled);

        assertEquals(Path.of("/var/lib/helpdesk"), config.dataDir());
        MailboxConfig office = config.mailbox("office").orElseThrow();
        OAuth2Config oauth2 = office.oauth2().orElseThrow();
        assertEquals(OAuth2Config.Flow.CLIENT_CREDENTIALS, oauth2.flow());
        assertTrue(oauth2.clientSecret().isPresent());
        assertTrue(oauth2.authority().isPresent());
        assertEquals("verify-full", config.postgres().orElseThrow().sslMode().orElseThrow());
        assertEquals(Path.of("/etc/helpdesk/token.key"), config.tokenKey().orElseThrow());
    }

    @Test
    void explainsEveryOption() {
        String text = ExampleConfig.text();
        for (String key : List.of("dataDir", "lockTtl", "runRetention", "maxMessages", "maxBytes", "maxDuration",
                "maxMessageSize", "maxAttachmentSize", "maxRunDuration", "store", "postgres", "url", "user", "sslmode",
                "sslrootcert", "tokenKey", "name", "addresses", "host", "port", "security",
                "username", "password", "folders", "afterFetch", "connectTimeout", "readTimeout", "oauth2", "flow",
                "tenant", "clientId", "clientSecret", "authority")) {
            assertTrue(text.contains("\"" + key + "\""), key);
        }
    }
}
