package dev.helpdesk.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Stored bytes (raw messages, attachments, quarantined input) in chunks of {@value #CHUNK} bytes: a 50 MB message is
 * written and read a megabyte at a time, never as one array. Each blob has a number, the next one for each new blob:
 * its chunks (and the messages whose raw bytes it holds) are filed under that, so what a drain adds lands at the end
 * of their indexes, not on pages all over them. Attachments and quarantined input are also named by their SHA-256
 * and stored once per hash. A message's raw bytes are not named: the message row that owns them has their hash and
 * their number, and in a big store a name would put every new message on a random page of the hash index.
 */
public final class BlobTable {
    /** The number of the blob whose hash is the statement's parameter here, for the statements of other tables. */
    static final String NUMBER_OF = "(SELECT id FROM blobs WHERE sha256 = ?)";

    /** The number the next new blob gets. */
    private static final String NEXT_NUMBER = "(SELECT coalesce(max(id), 0) + 1 FROM blobs)";

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
                + " VALUES (?, ?, " + NEXT_NUMBER + ") ON CONFLICT (sha256) DO NOTHING RETURNING id",
                row -> row.getLong(1), sha256, size);
        if (added.isEmpty()) {
            return number(sha256).orElseThrow(); // there already: a conflict on the hash is what left it out
        }
        writeChunks(added.get(), sha256, size, source);
        return added.get();
    }

    /**
     * Stores bytes that one row owns and finds by number (a message's raw mail), without a name; returns the blob's
     * number. Bytes already stored under their hash (an input once quarantined, mail stored before raw bytes went
     * unnamed) are not stored again: that blob's number is returned.
     */
    public long putOwned(String sha256, long size, Source source) {
        Optional<Long> named = number(sha256);
        if (named.isPresent()) {
            return named.get();
        }
        long id = tx.queryOne("INSERT INTO blobs (sha256, size, id) VALUES (NULL, ?, " + NEXT_NUMBER + ") RETURNING id",
                row -> row.getLong(1), size).orElseThrow();
        writeChunks(id, sha256, size, source);
        return id;
    }

    private void writeChunks(long id, String sha256, long size, Source source) {
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
    }

    /** Copies a blob's bytes to {@code out}, chunk by chunk; false when there is no such blob. */
    public boolean copyTo(String sha256, OutputStream out) {
        Optional<Long> id = number(sha256);
        if (id.isEmpty()) {
            return false;
        }
        try (InputStream in = open(id.get())) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy blob " + sha256 + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** A stream over the bytes of the blob with this hash: {@link #open(long)}. */
    public InputStream open(String sha256) {
        return open(number(sha256).orElse(0L)); // no blob has 0: no chunks, an empty stream
    }

    /** A stream over the bytes of the blob with this number, one chunk at a time, valid inside this transaction. */
    public InputStream open(long id) {
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
