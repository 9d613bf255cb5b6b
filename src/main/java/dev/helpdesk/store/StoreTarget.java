package dev.helpdesk.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Which database the store lives in: a SQLite file on this host (the default), or a shared PostgreSQL. */
public sealed interface StoreTarget permits StoreTarget.Sqlite, StoreTarget.Postgres {

    /** For messages and logs; never a password. */
    String describe();

    /** One SQLite file, on this host only. */
    record Sqlite(Path file) implements StoreTarget {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String describe() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database that several hosts share, through the official JDBC driver.
     *
     * @param sslMode the driver's sslmode (disable, require, verify-ca, verify-full, ...) when configured
     * @param sslRootCert the CA certificate that verify-ca and verify-full check the server against
     */
    record Postgres(String url, String user, String password, Optional<String> sslMode, Optional<Path> sslRootCert)
            implements StoreTarget {
        public Postgres {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(sslMode, "sslMode");
            Objects.requireNonNull(sslRootCert, "sslRootCert");
        }

        @Override
        public String describe() {
            return "PostgreSQL " + url + " (user " + user + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
