package dev.helpdesk.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, kept in helpdesk's cache directory so that a run loads it from there: by itself
 * sqlite-jdbc writes its 1.1 MB library from the jar into /tmp at every start and reads both copies through to
 * compare them. A tick with nothing new took 0.36-0.49 s that way and 0.30-0.33 s with the library cached (six
 * runs each, interleaved, class-data archive in use). Anything amiss (no cache directory, a file someone else
 * could have written) leaves sqlite-jdbc to its own way; so does a library that will not load from the cache, as
 * sqlite-jdbc then extracts it as before.
 */
public final class SqliteLibrary {
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private SqliteLibrary() {
    }

    /**
     * Loads the native library on a thread of its own, after {@code locate} (which sets where it comes from),
     * while the command line is parsed: sqlite-jdbc's start (its logger, a look through the temporary directory,
     * the library itself) then runs beside that work instead of before it. The returned action waits until it is
     * done; a store must not be opened before, or it would load the library itself from wherever {@code locate} had
     * not yet pointed. A library that fails to load is left for opening the store to report.
     */
    public static Runnable loadInBackground(Runnable locate) {
        FutureTask<Void> load = new FutureTask<>(() -> {
            locate.run();
            SQLiteJDBCLoader.initialize();
            return null;
        });
        Thread thread = new Thread(load, "sqlite-library");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                load.get();
            } catch (ExecutionException e) {
                // opening the store loads it again and says what is wrong
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * The system properties that make sqlite-jdbc load its library from {@code cacheDir} (extracted there first
     * if missing), or none when that cannot be done safely. {@code osName} and {@code osArch} name the machine, so
     * a home directory shared by different machines keeps a library for each; {@code user} must own the file.
     */
    public static Map<String, String> cachedIn(Path cacheDir, String osName, String osArch, String user) {
        try {
            String name = "libsqlitejdbc-" + SQLiteJDBCLoader.getVersion() + "-" + osName + "-" + osArch + ".so";
            name = name.replaceAll("[^A-Za-z0-9._-]", "_");
            Path library = cacheDir.resolve(name);
            if (!Files.exists(library, LinkOption.NOFOLLOW_LINKS)) {
                extract(cacheDir, library);
            }
            if (!trusted(cacheDir, user) || !trusted(library, user)) {
                return Map.of();
            }
            return Map.of("org.sqlite.lib.path", cacheDir.toString(), "org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            return Map.of(); // sqlite-jdbc extracts the library itself, as it always did
        }
    }

    /** Copies the jar's library into {@code library}, whole or not at all (runs starting at once each copy). */
    private static void extract(Path cacheDir, Path library) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no native library " + resource + " in sqlite-jdbc");
            }
            Files.createDirectories(cacheDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path part = Files.createTempFile(cacheDir, "libsqlitejdbc-", ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                try (FileChannel file = FileChannel.open(part, StandardOpenOption.WRITE)) { // keeps its private mode
                    in.transferTo(Channels.newOutputStream(file));
                    file.force(true); // on disk before its name: a power cut must not leave a short library there
                }
                try {
                    Files.move(part, library, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, library, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Owned by {@code user}, not a link, and writable by no one else: code from there may be loaded. */
    private static boolean trusted(Path path, String user) throws IOException {
        return !Files.isSymbolicLink(path)
                && Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(user)
                && Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).stream()
                        .noneMatch(WRITABLE_BY_OTHERS::contains);
    }
}
