package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.Postgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a real PostgreSQL, as the admin configures it: every way the settings can be wrong is one sentence
 * naming the setting and a documented exit code (78 to fix the config, 69 when the server is out of reach), and
 * TLS is verified when asked for.
 */
@Tag("process")
class PostgresStoreConfigTest {
    @TempDir
    Path dir;

    private CliRun run(String store, Map<String, String> env, String... args) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                { "dataDir": "%s",
                  "store": { "postgres": %s },
                  "mailboxes": [ { "name": "support", "host": "127.0.0.1", "port": 1, "security": "none",
                                   "username": "support", "password": { "env": "PW" } } ] }
                """.formatted(dir.resolve("data"), store));
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, Clock.systemUTC(), all);
    }

    private static String store(Postgres.Database db, String user, String extra) {
        return "{ \"url\": \"" + db.url() + "\", \"user\": \"" + user + "\", \"password\": { \"env\": \"DB_PW\" }"
                + extra + " }";
    }

    @Test
    void aWorkingStoreOverVerifiedTlsAnswersStatus() throws Exception {
        Postgres server = Postgres.shared();
        Postgres.Database db = server.fresh();
        CliRun status = run(store(db, db.user(), ", \"sslmode\": \"verify-full\", \"sslrootcert\": \""
                + server.rootCertificate() + "\""), Map.of("DB_PW", db.password()), "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("support"), status.out());
    }

    @Test
    void aMissingPasswordVariableIsAConfigErrorNamingIt() throws Exception {
        CliRun status = run(store(Postgres.shared().fresh(), "helpdesk", ""), Map.of(), "status");
        assertEquals(78, status.code(), status.toString());
        assertEquals("helpdesk: the PostgreSQL store (store.postgres): the password comes from the environment variable"
                + " DB_PW, which is not set. Set it where helpdesk runs (for cron: in the crontab or a wrapper script),"
                + " or use {\"file\": \"/path\"} in the config.\n", status.err());
    }

    @Test
    void aWrongPasswordOrRoleIsAConfigErrorAndThePasswordIsNeverPrinted() throws Exception {
        Postgres.Database db = Postgres.shared().fresh();
        CliRun wrong = run(store(db, db.user(), ""), Map.of("DB_PW", "not-the-password"), "fetch");
        assertEquals(78, wrong.code(), wrong.toString());
        assertTrue(wrong.err().startsWith("helpdesk: could not open the database PostgreSQL " + db.url()
                + " (user helpdesk): FATAL: password authentication failed"), wrong.err());
        assertTrue(wrong.err().endsWith("Check the store settings (url, user, password) in the config.\n"),
                wrong.err());
        assertFalse(wrong.err().contains("not-the-password"));
        CliRun role = run(store(db, "nobody", ""), Map.of("DB_PW", "x"), "status");
        assertEquals(78, role.code(), role.toString());
    }

    @Test
    void aServerOutOfReachIsUnavailableAndTriedAgainNextRun() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Postgres.Database db = new Postgres.Database("jdbc:postgresql://127.0.0.1:" + closed + "/helpdesk", "helpdesk",
                "x");
        CliRun fetch = run(store(db, "helpdesk", ""), Map.of("DB_PW", "x"), "fetch");
        assertEquals(69, fetch.code(), fetch.toString());
        assertTrue(fetch.err().contains("refused") && fetch.err().endsWith("this host can reach it; the next run tries"
                + " again.\n"), fetch.err());
    }

    @Test
    void credentialsInTheUrlAreRefusedWithTheKeyToUse() throws Exception {
        Postgres.Database db = Postgres.shared().fresh();
        CliRun status = run("{ \"url\": \"" + db.url() + "?password=hunter2\", \"user\": \"helpdesk\","
                + " \"password\": { \"env\": \"DB_PW\" } }", Map.of("DB_PW", "x"), "status");
        assertEquals(78, status.code(), status.toString());
        assertTrue(status.err().contains("store.postgres.url") && status.err().contains("must not carry password="),
                status.err());
        assertFalse(status.err().contains("hunter2"));
    }
}
