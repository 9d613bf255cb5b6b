package dev.helpdesk.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A byte-at-a-time decoder: {@code feed} every byte, then {@code end} and {@code flush}. Output is gathered
 * in a block and written in bulk: a write per decoded byte cost more than the decoding.
 */
abstract class ByteDecoder {
    private static final int BLOCK = 8 * 1024;

    private final OutputStream out;
    private final byte[] block;
    private int blockLength;

    /** Decodes {@code encodedSize} bytes, or about that many: no decoding here makes more bytes than it reads. */
    ByteDecoder(OutputStream out, long encodedSize) {
        this.out = out;
        this.block = new byte[(int) Math.max(16, Math.min(BLOCK, encodedSize))];
    }

    final void emit(int b) throws IOException {
        if (blockLength == block.length) {
            flush();
        }
        block[blockLength++] = (byte) b;
    }

    final void emit(byte[] bytes, int offset, int length) throws IOException {
        int from = offset;
        int left = length;
        while (left > 0) {
            if (blockLength == block.length) {
                flush();
            }
            int n = Math.min(left, block.length - blockLength);
            System.arraycopy(bytes, from, block, blockLength, n);
            blockLength += n;
            from += n;
            left -= n;
        }
    }

    final void flush() throws IOException {
        out.write(block, 0, blockLength);
        blockLength = 0;
    }

    abstract void feed(int b) throws IOException;

    /** Every byte of the block, in order; a decoder may override it with a faster loop. */
    void feed(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset, end = offset + length; i < end; i++) {
            feed(bytes[i] & 0xFF);
        }
    }

    abstract void end() throws IOException;

    abstract Optional<String> complaint();
}
