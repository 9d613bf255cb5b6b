package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "store" and "tokenKey" keys: a PostgreSQL store as written, and every mistake named with its line. */
class StoreConfigTest {
    private static final String MAILBOX = """
            { "name": "support", "host": "imap.example.com", "username": "s", "password": { "env": "PW" } }""";
    private static final String OAUTH = """
            { "name": "office", "host": "outlook.office365.com", "username": "o@contoso.com",
              "oauth2": { "flow": "device", "tenant": "contoso.onmicrosoft.com",
                          "clientId": "4a1aa1d5-c567-49d0-ad0b-cd957a47f842" } }""";

    @TempDir
    Path dir;

    private Config load(String top, String mailboxes) {
        return new ConfigFiles(dir).load("{ " + top + " \"mailboxes\": [" + mailboxes + "] }");
    }

    private String rejected(String top, String mailboxes) {
        return assertThrows(ConfigException.class, () -> load(top, mailboxes)).getMessage();
    }

    private static String postgres(String members) {
        return "\"store\": { \"postgres\": { \"url\": \"jdbc:postgresql://db:5432/helpdesk\", \"user\": \"helpdesk\","
                + " \"password\": { \"env\": \"DB_PW\" }" + members + " } },";
    }

    @Test
    void aPostgresStoreLoadsAsWritten() {
        Config config = load(postgres(", \"sslmode\": \"verify-full\", \"sslrootcert\": \"/etc/helpdesk/ca.crt\"")
                + " \"tokenKey\": { \"file\": \"/etc/helpdesk/token.key\" },", MAILBOX + ", " + OAUTH);
        PostgresConfig pg = config.postgres().orElseThrow();
        assertEquals("jdbc:postgresql://db:5432/helpdesk", pg.url());
        assertEquals("helpdesk", pg.user());
        assertEquals(new SecretRef.Env("DB_PW"), pg.password());
        assertEquals(Optional.of("verify-full"), pg.sslMode());
        assertEquals(Optional.of(Path.of("/etc/helpdesk/ca.crt")), pg.sslRootCert());
        assertEquals(Optional.of(Path.of("/etc/helpdesk/token.key")), config.tokenKey());
    }

    @Test
    void withoutAStoreKeyTheStoreIsTheSqliteFile() {
        Config config = load("", MAILBOX);
        assertTrue(config.postgres().isEmpty());
        assertTrue(config.tokenKey().isEmpty());
    }

    @Test
    void mistakesAreNamedWithTheirPathAndWhatToDo() {
        assertTrue(rejected("\"store\": { \"mysql\": {} },", MAILBOX).contains("store.mysql"));
        assertTrue(rejected(postgres(", \"sslmode\": \"strict\""), MAILBOX)
                .contains("expected one of disable, allow, prefer, require, verify-ca, verify-full"));
        String inline = rejected("\"store\": { \"postgres\": { \"url\": \"jdbc:postgresql://db/h\", \"user\": \"h\","
                + " \"password\": \"hunter2\" } },", MAILBOX);
        assertTrue(inline.contains("an inline password is not allowed"), inline);
        assertFalse(inline.contains("hunter2"));
        assertTrue(rejected("\"store\": { \"postgres\": { \"url\": \"postgres://db/h\", \"user\": \"h\","
                + " \"password\": { \"env\": \"P\" } } },", MAILBOX).contains("expected a JDBC URL"));
    }

    @Test
    void anOauthMailboxOnAPostgresStoreNeedsTheTokenKeyAndSaysHowToMakeOne() {
        String message = rejected(postgres(""), MAILBOX + ", " + OAUTH);
        assertTrue(message.contains("mailbox office logs in with OAuth")
                && message.contains("head -c 32 /dev/urandom | base64"), message);
        load(postgres(""), MAILBOX); // no OAuth mailbox: no key needed
    }

    @Test
    void aTokenKeyWithoutAPostgresStoreIsRefused() {
        String message = rejected("\"tokenKey\": { \"file\": \"/etc/helpdesk/token.key\" },", MAILBOX);
        assertTrue(message.contains("tokenKey encrypts the token caches kept in a PostgreSQL store"), message);
    }

    @Test
    void theRunsTimeIsALimit() {
        assertEquals(java.time.Duration.ofMinutes(2),
                load("\"limits\": { \"maxRunDuration\": \"2m\" },", MAILBOX).limits().maxRunDuration());
        assertEquals(java.time.Duration.ofMinutes(4), load("", MAILBOX).limits().maxRunDuration());
    }
}
