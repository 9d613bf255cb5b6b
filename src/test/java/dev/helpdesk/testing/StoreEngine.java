package dev.helpdesk.testing;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The engines the store runs on, for tests that must hold on both: {@code @ParameterizedClass
 * @EnumSource(StoreEngine.class)}. SQLite is a file in the test's data directory; PostgreSQL is an empty
 * database of its own on the real server of {@link Postgres#shared()}.
 */
public enum StoreEngine {
    SQLITE,
    POSTGRES;

    /** The environment variable a config written by {@link TestStore#configMember()} reads the password from. */
    public static final String PASSWORD_ENV = "HELPDESK_TEST_DB_PASSWORD";

    /** A store of this engine for one test: the SQLite file in {@code dataDir}, or a fresh database. */
    public TestStore prepare(Path dataDir) {
        if (this == SQLITE) {
            return new TestStore(new DataDir(dataDir).target(), dataDir);
        }
        Postgres.Database db = Postgres.shared().fresh();
        return new TestStore(new StoreTarget.Postgres(db.url(), db.user(), db.password(), Optional.empty(),
                Optional.empty()), dataDir);
    }

    /** One test's store: open it, or name it in a config file or a child JVM's arguments. */
    public record TestStore(StoreTarget target, Path dataDir) {

        public Store open() {
            if (target instanceof StoreTarget.Sqlite) {
                new DataDir(dataDir).create();
            }
            return Store.open(target, "test");
        }

        /** The config file's {@code "store": ...,} member (with its comma), or nothing for SQLite. */
        public String configMember() {
            if (target instanceof StoreTarget.Postgres pg) {
                return "\"store\": {\"postgres\": {\"url\": \"" + pg.url() + "\", \"user\": \"" + pg.user()
                        + "\", \"password\": {\"env\": \"" + PASSWORD_ENV + "\"}}},";
            }
            return "";
        }

        /** What a process needs in its environment to open a store named by {@link #configMember()}. */
        public Map<String, String> env() {
            return target instanceof StoreTarget.Postgres pg ? Map.of(PASSWORD_ENV, pg.password()) : Map.of();
        }

        /** The store as one command-line argument for a child JVM; {@link #parse} reads it back. */
        public String argument() {
            if (target instanceof StoreTarget.Postgres pg) {
                return "postgres|" + pg.url() + "|" + pg.user() + "|" + pg.password();
            }
            return "sqlite|" + ((StoreTarget.Sqlite) target).file();
        }

        public static StoreTarget parse(String argument) {
            String[] part = argument.split("\\|");
            return part[0].equals("postgres")
                    ? new StoreTarget.Postgres(part[1], part[2], part[3], Optional.empty(), Optional.empty())
                    : new StoreTarget.Sqlite(Path.of(part[1]));
        }

        /** A plain JDBC connection of the test's own, for checks that read the tables directly. */
        public Connection connect() {
            try {
                if (target instanceof StoreTarget.Postgres pg) {
                    return DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                }
                return DriverManager.getConnection("jdbc:sqlite:" + ((StoreTarget.Sqlite) target).file());
            } catch (SQLException e) {
                throw new IllegalStateException("could not connect to " + target.describe() + ": " + e.getMessage(), e);
            }
        }

        public boolean isPostgres() {
            return target instanceof StoreTarget.Postgres;
        }
    }
}
