package dev.helpdesk.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Content-addressed bytes (raw messages, attachments), each stored once under its SHA-256 in chunks of
 * {@value #CHUNK} bytes: a 50 MB message is written and read a megabyte at a time, never as one array. Each blob
 * also has a number, the next one for each new blob: its chunks (and the messages whose raw bytes it holds) are
 * filed under that, so what a drain adds lands at the end of their indexes, not on pages all over them.
 */
public final class BlobTable {
    /** The number of the blob whose hash is the statement's parameter here, for the statements of other tables. */
    static final String NUMBER_OF = "(SELECT id FROM blobs WHERE sha256 = ?)";

    /** One row's worth; SQLite keeps it in overflow pages, and the JVM never holds more than this at once. */
    static final int CHUNK = 1024 * 1024;

    private final Tx tx;

    BlobTable(Tx tx) {
        this.tx = tx;
    }

    /** Where a blob's bytes come from; opened only when the blob is not stored yet. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** Stores the bytes under their hash unless a blob with that hash is already there; returns the blob's number. */
    public long put(String sha256, long size, Source source) {
        // Writers take turns (one SQLite writer; PostgreSQL's writers' turn), so the next number is free. Only a
        // hash already stored may leave the row out: a number taken twice fails the insert.
        Optional<Long> added = tx.queryOne("INSERT INTO blobs (sha256, size, id)"
                + " VALUES (?, ?, (SELECT coalesce(max(id), 0) + 1 FROM blobs)) ON CONFLICT (sha256) DO NOTHING"
                + " RETURNING id", row -> row.getLong(1), sha256, size);
        if (added.isEmpty()) {
            return number(sha256).orElseThrow(); // there already: a conflict on the hash is what left it out
        }
        long id = added.get();
        try (InputStream in = source.open()) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, size))];
            int seq = 0;
            for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; seq++) {
                byte[] data = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                tx.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)", id, seq, data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bytes of blob " + sha256 + ": " + e.getMessage(), e);
        }
        return id;
    }

    /** Copies a blob's bytes to {@code out}, chunk by chunk; false when there is no such blob. */
    public boolean copyTo(String sha256, OutputStream out) {
        if (number(sha256).isEmpty()) {
            return false;
        }
        try (InputStream in = open(sha256)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy blob " + sha256 + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** A stream over a blob's bytes, reading one chunk at a time, valid inside this transaction. */
    public InputStream open(String sha256) {
        long id = number(sha256).orElse(0L); // no blob has 0: no chunks, an empty stream
        long chunks = tx.count("SELECT count(*) FROM blob_chunks WHERE blob_id = ?", id);
        return new InputStream() {
            private int seq;
            private byte[] data = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (pos == data.length) {
                    if (seq >= chunks) {
                        return -1;
                    }
                    int current = seq++;
                    data = tx.queryOne("SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?",
                            row -> row.getBytes(1), id, current).orElse(new byte[0]);
                    pos = 0;
                }
                int n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private Optional<Long> number(String sha256) {
        return tx.queryOne("SELECT id FROM blobs WHERE sha256 = ?", row -> row.getLong(1), sha256);
    }
}
