package dev.helpdesk.mail;

import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Bytes of a message or of one of its parts, which may be tens of megabytes: a slice of an array when small,
 * a slice of a spool file otherwise. Never modified; read as often as needed. {@link #open()} streams are
 * Jakarta {@code SharedInputStream}s, so MIME parts are cut out of them without copying.
 */
public abstract sealed class Content permits Content.InMemory, Content.InFile {
    private volatile String sha256;

    /** The bytes of an array, not copied: the caller must not change it afterwards. */
    public static Content of(byte[] bytes) {
        return new InMemory(bytes, 0, bytes.length);
    }

    /** A slice of an array, not copied. */
    static Content of(byte[] buffer, int offset, int length) {
        return new InMemory(buffer, offset, length);
    }

    public abstract long size();

    /** A new stream over the bytes; close it when done. */
    public abstract InputStream open() throws IOException;

    /** The bytes from {@code start} (inclusive) to {@code end} (exclusive), sharing this content's storage. */
    abstract Content slice(long start, long end);

    /** Receives a content's bytes block by block; the array is only lent for the call. */
    @FunctionalInterface
    public interface Blocks {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * Hands every byte to {@code blocks}, in order: the array itself when in memory (no copy), blocks of up to
     * 64 KiB read from a file. Cheaper than {@link #open()} for a reader that consumes each block once.
     */
    public abstract void forEachBlock(Blocks blocks) throws IOException;

    /** Lower-case hex SHA-256 of the bytes, computed once by streaming them. */
    public String sha256() {
        String hash = sha256;
        if (hash == null) {
            Sha256 digest = new Sha256();
            try {
                forEachBlock(digest::update);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read spooled mail bytes: " + e.getMessage(), e);
            }
            hash = digest.hex();
            sha256 = hash;
        }
        return hash;
    }

    /** For content whose hash was computed while it was written. */
    final Content withSha256(String known) {
        sha256 = known;
        return this;
    }

    /** Every byte, in one array: for content known to be small (header sections, test fixtures). */
    public byte[] readAll() throws IOException {
        if (size() > Integer.MAX_VALUE - 16) {
            throw new IOException("content of " + size() + " bytes does not fit one array");
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + size() + " bytes]";
    }

    /** A slice of an array in memory. */
    static final class InMemory extends Content {
        /** Read in place by {@link Lines}; never written. */
        final byte[] buffer;
        final int offset;
        final int length;

        InMemory(byte[] buffer, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public InputStream open() {
            return new SharedByteArrayInputStream(buffer, offset, length);
        }

        @Override
        public void forEachBlock(Blocks blocks) throws IOException {
            blocks.accept(buffer, offset, length);
        }

        @Override
        Content slice(long start, long end) {
            Objects.checkFromToIndex(start, end, length);
            return new InMemory(buffer, offset + (int) start, (int) (end - start));
        }
    }

    /** A slice of a file, normally one the {@link Spool} owns and deletes. */
    static final class InFile extends Content {
        private final Path file;
        private final long offset;
        private final long length;

        InFile(Path file, long offset, long length) {
            this.file = Objects.requireNonNull(file, "file");
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public InputStream open() throws IOException {
            try (SharedFileInputStream whole = new SharedFileInputStream(file.toFile())) {
                // The slice keeps the shared file open until the slice itself is closed.
                return whole.newStream(offset, offset + length);
            }
        }

        @Override
        public void forEachBlock(Blocks blocks) throws IOException {
            try (InputStream in = open()) {
                byte[] block = new byte[(int) Math.max(1, Math.min(64 * 1024, length))];
                for (int n; (n = in.read(block)) > 0; ) {
                    blocks.accept(block, 0, n);
                }
            }
        }

        @Override
        Content slice(long start, long end) {
            Objects.checkFromToIndex(start, end, length);
            return new InFile(file, offset + start, end - start);
        }
    }
}
