package dev.helpdesk.mail;

import java.io.OutputStream;
import java.util.Arrays;

/** Keeps the first {@code budget} bytes written and counts the rest. */
final class Bounded extends OutputStream {
    private byte[] buffer = new byte[1024];
    private int kept;
    private long total;
    private final long budget;

    Bounded(long budget) {
        this.budget = budget;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        total += length;
        int take = (int) Math.max(0, Math.min(length, budget - kept));
        if (take > 0) {
            if (kept + take > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(budget, Math.max(buffer.length * 2L, kept + take)));
            }
            System.arraycopy(bytes, offset, buffer, kept, take);
            kept += take;
        }
    }

    byte[] kept() {
        return Arrays.copyOf(buffer, kept);
    }

    long total() {
        return total;
    }
}
