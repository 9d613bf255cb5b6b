package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helpdesk mailbox test} on a Microsoft 365 (XOAUTH2) mailbox: it logs in with the cached access token only,
 * says so and when it expires, and never asks for a new one nor rewrites the token cache (only a run holding the
 * mailbox's lock may), so a login that needs one is not tried.
 */
class MailboxTestOAuthTest {
    @TempDir
    java.nio.file.Path dir;

    private OAuthRig rig;

    @BeforeEach
    void start() {
        rig = new OAuthRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void withoutALoginTheTestSaysWhichCommandToRun() {
        CliRun test = rig.cli("mailbox", "test", "office");
        assertEquals(77, test.code(), test.toString());
        assertTrue(test.out().contains("  login         failed") && test.out().contains("! Mailbox office has no usable"
                + " Microsoft 365 sign-in (no login saved") && test.out().contains("run `helpdesk auth login --mailbox"
                + " office`."), test.out());
        assertTrue(test.out().endsWith("office: login-required: 1 step failed (exit 77)\n"), test.out());
    }

    @Test
    void afterALoginItUsesTheCachedTokenSaysWhenItExpiresAndWritesNothing() throws Exception {
        rig.loggedIn();
        byte[] cache = Files.readAllBytes(rig.cache().path());
        int requests = rig.idp.tokenRequests().size();

        CliRun test = rig.cli("mailbox", "test", "office");
        assertEquals(0, test.code(), test.toString());
        assertTrue(test.out().contains("AUTHENTICATE XOAUTH2 as office@contoso.com; access token from the token cache"
                + " (a test never refreshes it), valid until "), test.out());
        assertTrue(test.out().contains("AUTH=XOAUTH2 yes"), test.out());

        JsonNode login = new ObjectMapper().readTree(rig.cli("mailbox", "test", "office", "--json").out())
                .get("mailboxes").get(0).get("steps").get(3);
        assertEquals("login", login.get("step").asText());
        assertEquals("cache", login.get("facts").get("tokenSource").asText());
        assertTrue(Instant.parse(login.get("facts").get("tokenExpiresAt").asText()).isAfter(Instant.now()));

        assertArrayEquals(cache, Files.readAllBytes(rig.cache().path()), "the token cache is left as it was");
        assertEquals(requests, rig.idp.tokenRequests().size(), "no token request");
    }

    @Test
    void aTokenDueForRefreshIsAWarningAndTheLoginIsNotTried() throws Exception {
        rig.loggedIn();
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(58));
        byte[] cache = Files.readAllBytes(rig.cache().path());

        CliRun test = rig.cli("mailbox", "test", "office");
        assertEquals(0, test.code(), test.toString());
        assertTrue(test.out().contains("  login         warning") && test.out().contains("a test never gets a new one")
                && test.out().contains("run `helpdesk fetch --mailbox office`, which refreshes it, then test again."),
                test.out());
        assertTrue(test.out().contains("  capabilities  skipped") && test.out().contains("  folder INBOX  skipped"),
                test.out());
        assertArrayEquals(cache, Files.readAllBytes(rig.cache().path()), "the token cache is left as it was");
    }
}
