package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.config.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from env and files: private files only, and no value ever in a message. */
class SecretReaderTest {
    @TempDir
    Path dir;

    private final SecretReader reader = new SecretReader(Map.of("PW", "s3cret", "EMPTY", ""));

    @Test
    void readsTheEnvironmentVariable() {
        assertEquals("s3cret", reader.read("support", "password", new SecretRef.Env("PW")));
    }

    @Test
    void aMissingOrEmptyVariableNamesItAndTheMailbox() {
        var missing = assertThrows(CredentialException.class,
                () -> reader.read("support", "password", new SecretRef.Env("NOPE")));
        assertEquals(CredentialException.Reason.MISCONFIGURED, missing.reason());
        assertTrue(missing.getMessage().startsWith("mailbox support: the password comes from the environment"
                + " variable NOPE, which is not set."), missing.getMessage());
        var empty = assertThrows(CredentialException.class,
                () -> reader.read("support", "password", new SecretRef.Env("EMPTY")));
        assertTrue(empty.getMessage().contains("which is empty"), empty.getMessage());
    }

    @Test
    void readsAPrivateFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("from-file", reader.read("support", "password", new SecretRef.File(file)));
    }

    @Test
    void refusesAFileOthersCanReadWithTheChmodToRun() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "leaky-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var refused = assertThrows(CredentialException.class,
                () -> reader.read("support", "password", new SecretRef.File(file)));
        assertTrue(refused.getMessage().contains("Run `chmod 600 " + file + "`"), refused.getMessage());
        assertFalse(refused.getMessage().contains("leaky-secret"));
    }

    @Test
    void aMissingFileSaysHowToCreateIt() {
        Path file = dir.resolve("absent");
        var missing = assertThrows(CredentialException.class,
                () -> reader.read("support", "password", new SecretRef.File(file)));
        assertTrue(missing.getMessage().contains(file + " does not exist. Create it (mode 0600)"),
                missing.getMessage());
    }
}
