package dev.helpdesk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The PostgreSQL fixture: separate empty databases, verified TLS or none, SCRAM refusing a wrong password. */
@Tag("process")
class PostgresTest {
    private final Postgres postgres = Postgres.shared();

    @Test
    void freshDatabasesAreSeparateAndUsable() throws SQLException {
        Postgres.Database first = postgres.fresh();
        Postgres.Database second = postgres.fresh();
        assertNotEquals(first.url(), second.url());

        try (Connection one = connect(first, "sslmode=disable"); Connection two = connect(second, "sslmode=disable");
                Statement a = one.createStatement(); Statement b = two.createStatement()) {
            a.execute("CREATE TABLE notes (body text NOT NULL)");
            a.execute("INSERT INTO notes VALUES ('Grüße')");
            assertEquals("Grüße", single(a, "SELECT body FROM notes"));
            assertFalse(flag(b, "SELECT to_regclass('notes') IS NOT NULL"), "the table is in the other database only");
            assertNotEquals(single(a, "SELECT current_database()"), single(b, "SELECT current_database()"));
        }
    }

    @Test
    void verifiedTlsConnectionIsEncrypted() throws SQLException {
        Postgres.Database database = postgres.fresh();
        try (Connection connection = connect(database,
                "sslmode=verify-full&sslrootcert=" + postgres.rootCertificate());
                Statement statement = connection.createStatement()) {
            assertTrue(flag(statement, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        }
    }

    @Test
    void plainConnectionIsAcceptedUnencrypted() throws SQLException {
        Postgres.Database database = postgres.fresh();
        try (Connection connection = connect(database, "sslmode=disable");
                Statement statement = connection.createStatement()) {
            assertFalse(flag(statement, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        Postgres.Database database = postgres.fresh();
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(database.url() + "?sslmode=disable", database.user(), "wrong"));
        assertEquals("28P01", refused.getSQLState(), refused.getMessage()); // invalid_password
        assertTrue(refused.getMessage().contains("password authentication failed for user \"helpdesk\""),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(database.password()), "the real password must not leak");
    }

    private static Connection connect(Postgres.Database database, String parameters) throws SQLException {
        return DriverManager.getConnection(database.url() + "?" + parameters, database.user(), database.password());
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }

    private static boolean flag(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getBoolean(1);
        }
    }
}
