package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth commands and fetch through the whole command line with {@code "store": {"postgres": ...}}: a login
 * in a new JVM under this machine's real host name, then commands in process as "test-host", all against one
 * real PostgreSQL database; and what a token key file that cannot be used does to a run.
 */
@Tag("process")
class SharedStoreCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IN_THE_DATABASE = "the token cache of mailbox office in the database";

    @TempDir
    Path dir;

    private Path idpState;
    private SharedStoreRig shared;
    private final List<String> everything = new ArrayList<>();

    @BeforeEach
    void start() {
        idpState = dir.resolve("idp-state.json");
        shared = new SharedStoreRig(dir.resolve("rig"), FakeIdentityProvider.persistentAt(idpState));
        shared.rig.deliverToOffice("01-customer-question.eml");
        shared.rig.deliverToOffice("03-customer-followup.eml");
    }

    @AfterEach
    void stop() {
        shared.close();
    }

    @Test
    void aLoginOnOneHostServesStatusFetchAndLogoutOnAnother() throws Exception {
        ProbeRun login = helpdesk("auth", "login", "--mailbox", "office");
        assertEquals(0, login.code(), login.toString());
        assertTrue(login.out().contains("  token cache   " + IN_THE_DATABASE + " (encrypted with the key in "
                + shared.keyFile + ")"), login.out());
        String loginHost = shared.row().orElseThrow().updatedByHost();
        assertNotEquals("test-host", loginHost, "the login ran on this machine under its own name");

        CliRun status = cli("auth", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("  verdict         ok\n"), status.out());
        JsonNode json = JSON.readTree(cli("auth", "status", "--json").out());
        assertEquals(IN_THE_DATABASE, json.get(0).get("cache").asText());

        CliRun dry = cli("fetch", "--dry-run", "--mailbox", "office");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().startsWith("office: would fetch 2 messages"), dry.out());
        CliRun fetch = cli("fetch", "--mailbox", "office");
        assertEquals(0, fetch.code(), fetch.toString());
        assertTrue(fetch.out().contains("office: 2 new"), fetch.out());
        assertEquals(loginHost, shared.row().orElseThrow().updatedByHost(), "a cached token rewrites nothing");

        CliRun logout = cli("auth", "logout", "--mailbox", "office");
        assertEquals(0, logout.code(), logout.toString());
        assertTrue(logout.out().startsWith("office: removed the saved login (" + IN_THE_DATABASE + ")."), logout.out());
        assertTrue(shared.row().isEmpty());
        CliRun again = cli("auth", "logout", "--mailbox", "office");
        assertTrue(again.out().contains("there was no saved login (" + IN_THE_DATABASE + " does not exist)"),
                again.out());
        assertEquals(77, cli("fetch", "--mailbox", "office").code());
        assertTrue(cli("auth", "status").out().contains("login required: run helpdesk auth login --mailbox office"));

        Secrets.assertNoneIn(shared.rig, everything.toArray(String[]::new));
    }

    @Test
    void aKeyFileOthersCanReadStopsTheRunBeforeAnyMailboxWithExit78() throws Exception {
        Files.setPosixFilePermissions(shared.keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        String refused = "helpdesk: the token key file " + shared.keyFile + " has mode 0644, so other users can read"
                + " it, and it was not used. Run `chmod 600 " + shared.keyFile + "`.\n";

        CliRun fetch = cli("fetch");
        assertEquals(78, fetch.code(), fetch.toString());
        assertEquals(refused, fetch.err(), "the message alone, no stack trace");
        assertEquals("", fetch.out(), "not even the password mailbox was fetched");
        CliRun status = cli("auth", "status");
        assertEquals(78, status.code(), status.toString());
        assertEquals(refused, status.err());

        shared.writeConfig(dir.resolve("missing.key"));
        CliRun missing = cli("fetch");
        assertEquals(78, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("helpdesk: the token key file " + dir.resolve("missing.key")
                + " does not exist. Create it with `head -c 32 /dev/urandom | base64 > "), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());
    }

    @Test
    void aCacheSealedWithAnotherKeyIsRefusedWithExit78AndTheWayOut() throws Exception {
        try (SharedStoreRig.Host a = shared.host("host-a")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
        }
        Path otherKey = SharedStoreRig.newKey(dir.resolve("other.key"));
        shared.writeConfig(otherKey);

        CliRun fetch = cli("fetch");
        assertEquals(78, fetch.code(), fetch.toString());
        assertTrue(fetch.err().contains("helpdesk: office: misconfigured: the token cache of mailbox \"office\" cannot"
                + " be decrypted with the key in " + otherKey + ": it was written with another key or altered."),
                fetch.err());
        assertTrue(fetch.out().contains("support: 6 new"), "the other mailboxes go on: " + fetch.out());
        assertFalse(fetch.err().contains("internal error"), fetch.err());

        CliRun status = cli("auth", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("  verdict         cache refused: run helpdesk auth login --mailbox office\n"),
                status.out());
        Secrets.assertNoneIn(shared.rig, everything.toArray(String[]::new));
    }

    private CliRun cli(String... args) {
        CliRun run = shared.rig.cli(args);
        everything.add(run.out());
        everything.add(run.err());
        return run;
    }

    /** The real main in a new JVM, msal4j's own HTTP client routed to the fake identity provider. */
    private ProbeRun helpdesk(String... args) {
        List<String> all = new ArrayList<>(List.of("cli", idpState.toString(), "--config",
                shared.rig.harness.config().toString()));
        all.addAll(List.of(args));
        ProbeRun run = ProbeRun.run(shared.rig.env(),
                () -> shared.rig.office.setPassword(FakeIdentityProvider.readState(idpState).latestAccessToken),
                all.toArray(String[]::new));
        everything.add(run.out());
        everything.add(run.err());
        return run;
    }
}
