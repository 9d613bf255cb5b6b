package dev.helpdesk.cli;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.PostgresConfig;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.StoreAccessException;
import dev.helpdesk.store.StoreTarget;

/** The one rule for which database a config names: its PostgreSQL store, else the SQLite file in dataDir. */
final class StoreTargets {
    private StoreTargets() {
    }

    static StoreTarget of(Config config, SecretReader secrets) {
        return config.postgres().<StoreTarget>map(pg -> new StoreTarget.Postgres(pg.url(), pg.user(),
                        password(pg, secrets), pg.sslMode(), pg.sslRootCert()))
                .orElseGet(() -> new DataDir(config.dataDir()).target());
    }

    /** The role's password, or the sentence that says where it was looked for and what to do (exit 78). */
    private static String password(PostgresConfig pg, SecretReader secrets) {
        try {
            return secrets.readFor("the PostgreSQL store (store.postgres)", "password", pg.password());
        } catch (CredentialException e) {
            throw new StoreAccessException(e.getMessage(), true, e);
        }
    }
}
