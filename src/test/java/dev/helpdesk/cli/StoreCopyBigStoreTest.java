package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.Command;
import dev.helpdesk.testing.Postgres;
import dev.helpdesk.testing.StoreTables;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store copy streams: a store with more blob bytes than the heap (160 one-megabyte chunks, 20,000 messages and
 * ledger rows) is copied by a helpdesk process whose heap is 48 MB, as if by the real launcher, and every byte
 * arrives.
 */
@Tag("process")
class StoreCopyBigStoreTest {
    private static final int BLOBS = 160;
    private static final int MESSAGES = 20_000;
    private static final long SEED = 7;

    @TempDir
    Path dir;

    @Test
    void copiesAStoreBiggerThanTheHeapRowsStreamedAndBatched() throws Exception {
        Path data = dir.resolve("data");
        try (Store store = new DataDir(data).openStore("test")) {
            Random random = new Random(SEED);
            for (int i = 0; i < BLOBS; i++) {
                byte[] chunk = chunk(random);
                String sha = String.format("%064d", i);
                store.inTransaction(tx -> {
                    tx.blobs().put(sha, chunk.length, () -> new ByteArrayInputStream(chunk));
                    return null;
                });
            }
            store.inTransaction(tx -> tx.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < " + MESSAGES + ") INSERT INTO messages (id, mailbox, folder, message_id, sha256,"
                    + " to_list, cc_list, reply_to_list, subject, references_list, text_body, size, received_at_ms)"
                    + " SELECT i, 'support', 'INBOX', 'm' || i || '@example.org', printf('%064d', i % " + BLOBS + "),"
                    + " 'support@example.com', '', '', 'Subject ' || i, '', hex(randomblob(400)), 1000, i FROM n"));
            store.inTransaction(tx -> tx.execute("INSERT INTO ledger (mailbox, folder, uidvalidity, uid, message_id,"
                    + " sha256, size, outcome, message_ref, recorded_at_ms) SELECT mailbox, folder, 1, id, message_id,"
                    + " sha256, size, 'stored', id, received_at_ms FROM messages"));
        }
        Postgres.Database database = Postgres.shared().fresh();
        Path password = Files.writeString(dir.resolve("pg-password"), database.password());
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        String mailbox = "{ \"name\": \"support\", \"host\": \"127.0.0.1\", \"security\": \"none\","
                + " \"username\": \"support\", \"password\": { \"env\": \"UNUSED\" } }";
        Path source = Files.writeString(dir.resolve("config.json"), "{ \"dataDir\": \"" + data
                + "\", \"mailboxes\": [" + mailbox + "] }");
        Path target = Files.writeString(dir.resolve("pg.json"), "{ \"dataDir\": \"" + dir.resolve("pg-data")
                + "\", \"store\": { \"postgres\": { \"url\": \"" + database.url() + "\", \"user\": \""
                + database.user() + "\", \"password\": { \"file\": \"" + password + "\" }, \"sslmode\":"
                + " \"disable\" } }, \"mailboxes\": [" + mailbox + "] }");

        long start = System.nanoTime();
        Command.Result copy = Command.of(ChildJvm.javaBinary(), "-Xmx48m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--config", source.toString(),
                "store", "copy", "--to", target.toString()).env("HOME", dir.toString()).run(dir);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, copy.code(), copy.toString());
        System.out.println("store copy of " + BLOBS + " MB of blobs and " + MESSAGES + " messages and ledger rows"
                + " (48 MB heap), process " + millis + " ms: " + copy.out().lines()
                .filter(line -> line.startsWith("Copied")).findFirst().orElseThrow());
        assertTrue(copy.out().lines().anyMatch(line -> line.matches("blob_chunks +" + BLOBS + " +" + BLOBS)),
                copy.out());

        StoreTables sqlite = StoreTables.sqlite(data.resolve(DataDir.DATABASE));
        StoreTables pg = StoreTables.postgres(database);
        assertEquals(expectedChunkHashes(), pg.column("SELECT encode(sha256(data), 'hex') FROM blob_chunks"
                + " ORDER BY blob_id, seq"), "every byte of every chunk");
        assertEquals(sqlite.rows("messages"), pg.rows("messages"));
        assertEquals(sqlite.rows("ledger"), pg.rows("ledger"));
    }

    private static byte[] chunk(Random random) {
        byte[] chunk = new byte[1024 * 1024];
        random.nextBytes(chunk);
        return chunk;
    }

    /** The SHA-256 of each chunk as the test made them, in the order they were stored (the order of their numbers). */
    private static List<String> expectedChunkHashes() throws Exception {
        Random random = new Random(SEED);
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < BLOBS; i++) {
            hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk(random))));
        }
        return hashes;
    }
}
