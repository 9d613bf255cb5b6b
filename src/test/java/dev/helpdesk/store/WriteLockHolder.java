package dev.helpdesk.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM that opens a store and holds its write lock: a {@code BEGIN IMMEDIATE} transaction that has
 * written a row, open until stdin closes, as a long fetch chunk would. Prints {@code HOLDING} once it has it.
 */
public final class WriteLockHolder {
    private WriteLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (Store store = Store.open(new StoreTarget.Sqlite(Path.of(args[0])), "holder")) {
            store.inTransaction(tx -> {
                tx.execute("INSERT INTO meta (key, value) VALUES ('holder', 'writing')"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
                System.out.println("HOLDING");
                System.out.flush();
                try {
                    while (System.in.read() != -1) {
                        // hold the write transaction until the parent closes our stdin
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        }
    }
}
