package dev.helpdesk.mail;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads NSS for {@link Sha256} on a thread of its own, the first time it runs; later runs do nothing. Loading
 * takes about 40 ms, so {@code Ingest} runs this when a message is about to be hashed: a tick with nothing new never
 * loads NSS, and nothing waits for it (a hash asked for before it is ready is the JDK's, the same hash).
 */
public final class NativeSha256 implements Runnable {
    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void run() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread loader = new Thread(() -> Sha256.installNative(Sha256.NSS_DIRECTORIES), "helpdesk-sha256-loader");
        loader.setDaemon(true);
        loader.start();
    }
}
