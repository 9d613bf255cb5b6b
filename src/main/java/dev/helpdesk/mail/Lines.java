package dev.helpdesk.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a byte stream with their offsets, in one linear pass and bounded memory: only the first
 * {@code keep} bytes of each line are held. A line ends with LF; a CR right before it belongs to the ending.
 */
final class Lines implements AutoCloseable {
    private static final int BLOCK = 64 * 1024;
    private static final int FIRST_HEAD = 256;

    private final InputStream in;
    private final byte[] block;
    private int blockPos;
    private int blockLen;
    private final int keep;
    private byte[] head;
    private int headLength;
    private long start;
    private long contentEnd;
    private long end;
    private boolean eof;

    /**
     * The lines of {@code content}. Buffers are sized by what is read, not by the limits: a small part costs
     * a small allocation (mail is parsed part by part, thousands of times a run).
     */
    Lines(Content content, int keep) throws IOException {
        if (content instanceof Content.InMemory memory) {
            this.in = InputStream.nullInputStream(); // the bytes are scanned where they lie, not copied first
            this.block = memory.buffer;
            this.blockPos = memory.offset;
            this.blockLen = memory.offset + memory.length;
        } else {
            this.in = content.open();
            this.block = new byte[(int) Math.max(1, Math.min(BLOCK, content.size()))];
        }
        this.keep = keep;
        this.head = new byte[Math.min(keep, FIRST_HEAD)];
    }

    /** Moves to the next line; false when the stream is exhausted. */
    boolean next() throws IOException {
        if (eof) {
            return false;
        }
        start = end;
        headLength = 0;
        boolean previousCr = false;
        boolean any = false;
        while (true) {
            if (blockPos == blockLen && !fill()) {
                eof = true;
                contentEnd = end; // a last line without LF: all of it is content
                return any;
            }
            any = true;
            int from = blockPos;
            int lf = from;
            while (lf < blockLen && block[lf] != '\n') { // the tight loop: a line is scanned, then copied at once
                lf++;
            }
            keep(from, lf - from);
            if (lf > from) {
                previousCr = block[lf - 1] == '\r';
            }
            end += lf - from;
            if (lf < blockLen) {
                blockPos = lf + 1;
                end++;
                contentEnd = previousCr ? end - 2 : end - 1;
                return true; // a CR kept in head before we knew it ends the line lies past contentLength
            }
            blockPos = blockLen;
        }
    }

    /** Adds up to {@code count} bytes of the block from {@code from} to the line's head, as far as it keeps. */
    private void keep(int from, int count) {
        int take = Math.min(count, keep - headLength);
        if (take <= 0) {
            return;
        }
        if (headLength + take > head.length) {
            head = Arrays.copyOf(head, Math.min(keep, Math.max(head.length * 2, headLength + take)));
        }
        System.arraycopy(block, from, head, headLength, take);
        headLength += take;
    }

    private boolean fill() throws IOException {
        blockPos = 0;
        blockLen = Math.max(0, in.read(block));
        return blockLen > 0;
    }

    /** Offset of the line's first byte. */
    long start() {
        return start;
    }

    /** Offset just past the line's content, before its CR LF or LF. */
    long contentEnd() {
        return contentEnd;
    }

    /** Offset just past the line's ending: where the next line starts. */
    long end() {
        return end;
    }

    long contentLength() {
        return contentEnd - start;
    }

    /** The kept bytes of the line's content (its first {@code keep} bytes); valid until the next call. */
    byte[] head() {
        return head;
    }

    int headLength() {
        return (int) Math.min(headLength, contentLength());
    }

    boolean startsWith(byte[] prefix) {
        if (headLength() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
