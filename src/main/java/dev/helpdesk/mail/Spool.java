package dev.helpdesk.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where large mail bytes wait between the network and the store: small content stays in memory, anything
 * past {@value #IN_MEMORY} bytes goes to a private file. One spool per batch of work (a chunk of a drain);
 * closing it deletes its files, so a message is held in memory at most once and never in full when large.
 */
public final class Spool implements AutoCloseable {
    /** Up to this many bytes a sink stays in memory; 256 KiB keeps a 100-message chunk small and fast. */
    static final int IN_MEMORY = 256 * 1024;

    private final Path parent;
    private Path dir;

    private Spool(Path parent) {
        this.parent = parent;
    }

    /** A spool that never writes a file: for small messages already held in memory. */
    static Spool inMemory() {
        return new Spool(null);
    }

    /** How many bytes a sink may hold in memory before it moves to a file. */
    long memoryLimit() {
        return parent == null ? Integer.MAX_VALUE - 16 : IN_MEMORY;
    }

    /** A spool whose files live in a new private directory under {@code parent} (created mode 0700). */
    public static Spool under(Path parent) {
        return new Spool(parent);
    }

    /** A spool under the system's temp directory, for tools and tests. */
    public static Spool temporary() {
        return new Spool(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Deletes spool directories under {@code parent} older than {@code age}: what runs that were killed
     * mid-chunk left behind. Never fails a run: what cannot be deleted now is tried again next time.
     */
    public static void removeStale(Path parent, java.time.Duration age) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        java.time.Instant cutoff = java.time.Instant.now().minus(age);
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("spool-")).toList()) {
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    Spool stale = new Spool(parent);
                    stale.dir = dir;
                    stale.close();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Leftovers cost disk space only; the next run tries again.
        }
    }

    /** Somewhere to write one piece of content; {@link ContentSink#finish()} turns it into {@link Content}. */
    public ContentSink sink() {
        return new ContentSink(this);
    }

    /** A new empty file in this spool's directory, created on first use; a chunk's messages are prepared at once. */
    synchronized Path newFile() throws IOException {
        if (parent == null) {
            throw new IOException("an in-memory spool holds at most " + memoryLimit() + " bytes");
        }
        if (dir == null) {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "spool-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createTempFile(dir, "content-", ".bin");
    }

    /** The directory files went to, if any did. */
    synchronized Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /** Deletes every file this spool wrote; content read from them afterwards fails. */
    @Override
    public synchronized void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the spool directory " + dir + ": " + e.getMessage(), e);
        }
        dir = null;
    }
}
