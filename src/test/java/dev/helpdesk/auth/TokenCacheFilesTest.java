package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every token cache file of a data directory, as a copy into a shared database reads them. */
class TokenCacheFilesTest {
    @TempDir
    Path dataDir;

    @Test
    void findsEachMailboxsCacheAndNoteAndSkipsTempFiles() throws Exception {
        new TokenCacheFile(dataDir, "office").write("{\"cache\":1}");
        new TokenCacheFile(dataDir, "sales").markLoginRequired("refused at 03:00");
        new TokenCacheFile(dataDir, "billing").write("{\"cache\":2}");
        new TokenCacheFile(dataDir, "billing").markLoginRequired("refused at 04:00");
        Files.writeString(dataDir.resolve("tokens/.office.json.123.tmp"), "half-written");

        List<TokenCacheFiles.Found> found = new TokenCacheFiles(dataDir).read();

        assertEquals(List.of("billing", "office", "sales"),
                found.stream().map(TokenCacheFiles.Found::mailbox).toList());
        assertEquals(Optional.of("{\"cache\":2}"), found.get(0).cache());
        assertEquals(Optional.of("refused at 04:00"), found.get(0).loginRequired());
        assertEquals(Optional.empty(), found.get(1).loginRequired());
        assertEquals(Optional.empty(), found.get(2).cache());
        assertEquals(Optional.of("refused at 03:00"), found.get(2).loginRequired());
    }

    @Test
    void noTokensDirectoryMeansNoCaches() {
        assertEquals(List.of(), new TokenCacheFiles(dataDir).read());
    }

    @Test
    void aCacheOthersCanReadIsRefusedWithTheChmodToRun() throws Exception {
        TokenCacheFile cache = new TokenCacheFile(dataDir, "office");
        cache.write("{}");
        Files.setPosixFilePermissions(cache.path(), PosixFilePermissions.fromString("rw-r--r--"));

        CredentialException refused = assertThrows(CredentialException.class,
                () -> new TokenCacheFiles(dataDir).read());
        assertTrue(refused.getMessage().contains("chmod 600 " + cache.path()), refused.getMessage());
    }
}
