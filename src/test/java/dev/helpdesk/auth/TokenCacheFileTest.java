package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token cache file on its own: private modes, whole-file replacement, refusal of a shared file. */
class TokenCacheFileTest {
    @TempDir
    Path dataDir;

    @Test
    void firstWriteCreatesAPrivateDirectoryAndA0600File() throws IOException {
        TokenCacheFile cache = new TokenCacheFile(dataDir, "office");
        cache.write("{\"AccessToken\":{}}");

        assertEquals(dataDir.resolve("tokens/office.json"), cache.path());
        assertEquals("rwx------", mode(dataDir.resolve("tokens")));
        assertEquals("rw-------", mode(cache.path()));
        assertEquals(Optional.of("{\"AccessToken\":{}}"), cache.read());
    }

    @Test
    void everyWriteReplacesTheWholeFileAndLeavesNoTempFileBehind() throws IOException {
        TokenCacheFile cache = new TokenCacheFile(dataDir, "office");
        cache.write("first");
        Object before = Files.readAttributes(cache.path(), "unix:ino").get("ino");
        cache.write("second, longer than the first");

        assertEquals(Optional.of("second, longer than the first"), cache.read());
        assertNotEquals(before, Files.readAttributes(cache.path(), "unix:ino").get("ino"),
                "a new file renamed over the old one, not the old one rewritten in place");
        assertEquals("rw-------", mode(cache.path()));
        try (Stream<Path> files = Files.list(cache.path().getParent())) {
            assertEquals(1, files.count(), "no temp file left next to the cache");
        }
    }

    @Test
    void aCacheOthersCanReadIsRefusedWithTheChmodToRun() throws IOException {
        TokenCacheFile cache = new TokenCacheFile(dataDir, "office");
        cache.write("{}");
        Files.setPosixFilePermissions(cache.path(), PosixFilePermissions.fromString("rw-r--r--"));

        CredentialException e = assertThrows(CredentialException.class, cache::read);
        assertEquals(CredentialException.Reason.MISCONFIGURED, e.reason());
        assertTrue(e.getMessage().contains("mode 0644"), e.getMessage());
        assertTrue(e.getMessage().contains("Run `chmod 600 " + cache.path() + "`"), e.getMessage());
    }

    @Test
    void aDirectoryCreatedByHandWithTheUsualModeIsMadePrivate() throws IOException {
        Files.createDirectories(dataDir.resolve("tokens"));
        Files.setPosixFilePermissions(dataDir.resolve("tokens"), PosixFilePermissions.fromString("rwxr-xr-x"));
        new TokenCacheFile(dataDir, "office").write("{}");
        assertEquals("rwx------", mode(dataDir.resolve("tokens")));
    }

    @Test
    void aFailedSaveIsReportedAndKeepsTheOldCache() {
        new TokenCacheFile(dataDir, "office").write("old");
        TokenCacheFile full = new TokenCacheFile(dataDir, "office", (file, content) -> {
            throw new IOException("No space left on device");
        });

        TokenCacheFile.SaveFailed e = assertThrows(TokenCacheFile.SaveFailed.class, () -> full.write("new"));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(Optional.of("old"), new TokenCacheFile(dataDir, "office").read());
    }

    @Test
    void theLoginRequiredNoteIsPrivateAndGoesWithLogout() throws IOException {
        TokenCacheFile cache = new TokenCacheFile(dataDir, "office");
        cache.write("{}");
        cache.markLoginRequired("2026-01-01T00:00:00Z\nrefused");
        assertEquals("rw-------", mode(cache.loginRequiredNote()));
        assertEquals(Optional.of("2026-01-01T00:00:00Z\nrefused"), cache.loginRequired());

        assertTrue(cache.delete());
        assertFalse(Files.exists(cache.path()));
        assertEquals(Optional.empty(), cache.loginRequired());
        assertFalse(cache.delete(), "nothing left to remove");
    }

    @Test
    void modesAreShownInOctal() {
        assertEquals("0644", TokenCacheFile.octal(PosixFilePermissions.fromString("rw-r--r--")));
        assertEquals("0600", TokenCacheFile.octal(PosixFilePermissions.fromString("rw-------")));
        assertEquals("0750", TokenCacheFile.octal(PosixFilePermissions.fromString("rwxr-x---")));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
