package dev.helpdesk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a {@link FaultProxy} connection: every server byte goes out through here, so the faults that
 * count bytes (throttle, stall after N, cut after N) apply the same way to lines, literals and rewritten responses.
 */
final class PacedOutput implements ImapInput.Sink {
    /** Ten slices a second: smooth enough that a lease sees a slow transfer, not a burst and a pause. */
    private static final int SLICES_PER_SECOND = 10;

    private final OutputStream out;
    private final ProxyConnection connection;
    private long written;
    private long due;

    PacedOutput(OutputStream out, ProxyConnection connection) {
        this.out = out;
        this.connection = connection;
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int slice = length;
            int rate = connection.bytesPerSecond();
            if (rate > 0) {
                slice = Math.min(slice, Math.max(1, rate / SLICES_PER_SECOND));
            }
            long cut = connection.cutAfter();
            if (cut >= 0 && written >= cut) {
                cut();
            }
            long stall = connection.stallAfter();
            if (stall >= 0 && written >= stall) {
                stallHere();
                continue; // released: the settings may have changed meanwhile
            }
            slice = (int) Math.min(slice, Math.min(room(cut), room(stall)));
            if (rate > 0) {
                pace(slice, rate);
            }
            out.write(bytes, offset, slice);
            written += slice;
            connection.forwardedToClient(slice);
            offset += slice;
            length -= slice;
        }
        // A cut exactly at the end of what the server sent must still happen, before the client reads on.
        long cut = connection.cutAfter();
        if (cut >= 0 && written >= cut) {
            cut();
        }
    }

    /** Holds everything from here on (the sockets stay open) until the test calls {@link FaultProxy#release()}. */
    void stallHere() throws IOException {
        out.flush();
        connection.awaitRelease();
    }

    /** Closes both sockets, as a network failure would, and ends this connection's pumps. */
    void cut() throws IOException {
        out.flush();
        connection.close();
        throw new IOException("cut by FaultProxy after " + written + " bytes to the client");
    }

    private long room(long limit) {
        return limit < 0 ? Long.MAX_VALUE : limit - written;
    }

    /** Each slice waits for its turn; idle time earns no credit, so a burst after a pause is paced too. */
    private void pace(int slice, int rate) throws IOException {
        long now = System.nanoTime();
        if (due < now) {
            due = now;
        }
        long wait = due - now;
        due += TimeUnit.SECONDS.toNanos(slice) / rate;
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while throttling", e);
            }
        }
    }
}
