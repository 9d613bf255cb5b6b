package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteLibraryTest {
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    @Test
    void theJarsLibraryIsCopiedOnceIntoAPrivateFileThatSqliteJdbcIsPointedAt() throws Exception {
        Path cache = dir.resolve("cache/helpdesk");
        Map<String, String> first = SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER);

        assertEquals(cache.toString(), first.get("org.sqlite.lib.path"));
        Path library = cache.resolve(first.get("org.sqlite.lib.name"));
        assertTrue(library.getFileName().toString().matches("libsqlitejdbc-[0-9.]+-Linux-amd64\\.so"), library.toString());
        assertArrayEquals(jarLibrary(), Files.readAllBytes(library));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "no partial copy left behind");
        }

        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, written);
        assertEquals(first, SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER));
        assertEquals(written, Files.getLastModifiedTime(library), "the second run loads it, it does not copy it again");
    }

    @Test
    void eachMachineSharingAHomeDirectoryHasItsOwnCopy() {
        Path cache = dir.resolve("cache");
        String amd64 = SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER).get("org.sqlite.lib.name");
        String arm = SqliteLibrary.cachedIn(cache, "Linux", "aarch64", USER).get("org.sqlite.lib.name");
        assertTrue(!amd64.equals(arm), amd64 + " / " + arm);
    }

    @Test
    void aLibraryOthersCouldHaveWrittenIsNeverPointedAt() throws Exception {
        Path cache = dir.resolve("cache");
        Path library = cache.resolve(SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER).get("org.sqlite.lib.name"));
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxrwx---"));
        assertEquals(Map.of(), SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER));

        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Map.of(), SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER), "nor one in a shared directory");

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Map.of(), SqliteLibrary.cachedIn(cache, "Linux", "amd64", "someone-else"), "nor someone else's");
    }

    @Test
    void aLinkInPlaceOfTheLibraryIsNeverFollowed() throws Exception {
        Path cache = dir.resolve("cache");
        String name = SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER).get("org.sqlite.lib.name");
        Path elsewhere = Files.move(cache.resolve(name), dir.resolve("elsewhere.so"));
        Files.createSymbolicLink(cache.resolve(name), elsewhere);
        assertEquals(Map.of(), SqliteLibrary.cachedIn(cache, "Linux", "amd64", USER));
    }

    @Test
    void aCacheThatCannotBeMadeLeavesSqliteJdbcToItsOwnWay() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        assertEquals(Map.of(), SqliteLibrary.cachedIn(notADirectory.resolve("helpdesk"), "Linux", "amd64", USER));
    }

    @Test
    void theBackgroundLoadLocatesTheLibraryFirstAndItsWaitEndsWhenItIsLoaded() throws Exception {
        CountDownLatch located = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> steps = new CopyOnWriteArrayList<>();
        Runnable loaded = SqliteLibrary.loadInBackground(() -> {
            located.countDown();
            await(release);
            steps.add("located");
        });
        assertTrue(located.await(10, TimeUnit.SECONDS), "locating starts at once, on a thread of its own");
        Thread waiter = new Thread(() -> {
            loaded.run();
            steps.add("waited");
        });
        waiter.start();
        waiter.join(200);
        assertTrue(waiter.isAlive(), "the wait lasts while the library is being located");
        release.countDown();
        waiter.join(10_000);
        assertEquals(List.of("located", "waited"), steps);
        assertTrue(org.sqlite.SQLiteJDBCLoader.isNativeMode(), "and by then the native library is loaded");
    }

    @Test
    void aLoadThatFailsLeavesOpeningTheStoreToSayWhy() {
        Runnable loaded = SqliteLibrary.loadInBackground(() -> {
            throw new IllegalStateException("no library for this machine");
        });
        loaded.run(); // returns: the store's own open reports the failure, with its message and exit code
        loaded.run();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] jarLibrary() throws Exception {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
