package dev.helpdesk.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects bytes for one {@link Content}: in an array up to {@link Spool#IN_MEMORY} bytes, then in a spool
 * file; hashes them on the way, so the content's SHA-256 costs no second pass.
 */
public final class ContentSink extends OutputStream {
    private final Spool spool;
    private final Sha256 digest = new Sha256();
    private byte[] buffer = new byte[4096];
    private int buffered;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private boolean finished;

    ContentSink(Spool spool) {
        this.spool = spool;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("content already finished");
        }
        digest.update(bytes, offset, length);
        size += length;
        if (fileOut == null && buffered + (long) length <= spool.memoryLimit()) {
            if (buffered + length > buffer.length) {
                long grown = Math.max(buffer.length * 2L, buffered + (long) length);
                buffer = Arrays.copyOf(buffer, (int) Math.min(spool.memoryLimit(), grown));
            }
            System.arraycopy(bytes, offset, buffer, buffered, length);
            buffered += length;
            return;
        }
        if (fileOut == null) {
            file = spool.newFile();
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            fileOut.write(buffer, 0, buffered);
            buffer = null;
        }
        fileOut.write(bytes, offset, length);
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** The content written; the sink takes no more bytes. */
    public Content finish() throws IOException {
        if (finished) {
            throw new IOException("content already finished");
        }
        finished = true;
        String sha256 = digest.hex();
        if (fileOut == null) {
            return Content.of(buffer, 0, buffered).withSha256(sha256);
        }
        fileOut.close();
        return new Content.InFile(file, 0, size).withSha256(sha256);
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null && !finished) {
            fileOut.close();
        }
    }
}
