package dev.helpdesk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The server side of a {@link FaultProxy} connection read as IMAP sees it: lines, and literals of a length the
 * line before announced, which are passed on in pieces so a 30 MB body never sits in memory whole.
 */
final class ImapInput {
    /** A piece of a literal on its way: the proxy's output, which may pace, hold or cut it. */
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    ImapInput(InputStream in) {
        this.in = in;
    }

    /**
     * One line with its line end, exactly as sent (a bare LF from a sloppy server ends it too); the partial line
     * when the stream ends inside one; null at the end of the stream.
     */
    byte[] readLine() throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            if (position == limit && !fill()) {
                return line == null ? null : line.toByteArray();
            }
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    byte[] tail = Arrays.copyOfRange(buffer, position, i + 1);
                    position = i + 1;
                    if (line == null) {
                        return tail;
                    }
                    line.write(tail);
                    return line.toByteArray();
                }
            }
            if (line == null) {
                line = new ByteArrayOutputStream();
            }
            line.write(buffer, position, limit - position);
            position = limit;
        }
    }

    /** Passes {@code length} bytes on in buffer-sized pieces; returns how many came before the stream ended. */
    long copy(long length, Sink sink) throws IOException {
        long copied = 0;
        while (copied < length) {
            if (position == limit && !fill()) {
                return copied;
            }
            int n = (int) Math.min(limit - position, length - copied);
            sink.write(buffer, position, n);
            position += n;
            copied += n;
        }
        return copied;
    }

    /** Reads a literal whole, for a response the proxy must rewrite; shorter when the stream ends first. */
    byte[] read(long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
        copy(Math.toIntExact(length), out::write);
        return out.toByteArray();
    }

    /**
     * The length of the literal announced at the end of this line ({@code {n}}, {@code {n+}} or a literal8's
     * {@code ~{n}}), or -1 when the line ends the response or command.
     */
    static long literalLength(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (end == 0 || line[end - 1] != '}') {
            return -1;
        }
        end--;
        if (end > 0 && line[end - 1] == '+') {
            end--;
        }
        int digits = end;
        while (digits > 0 && line[digits - 1] >= '0' && line[digits - 1] <= '9') {
            digits--;
        }
        if (digits == end || digits == 0 || line[digits - 1] != '{' || end - digits > 18) {
            return -1;
        }
        return Long.parseLong(new String(line, digits, end - digits, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
