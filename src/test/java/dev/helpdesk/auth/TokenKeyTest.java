package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token key file: private, exactly 32 bytes of base64, and never quoted back in a message. */
class TokenKeyTest {
    @TempDir
    Path dir;

    /** A fresh random key in a 0600 file, as `head -c 32 /dev/urandom | base64` writes it. */
    static Path writeKey(Path file) throws Exception {
        byte[] raw = new byte[TokenKey.BYTES];
        new SecureRandom().nextBytes(raw);
        return writePrivate(file, Base64.getEncoder().encodeToString(raw) + "\n");
    }

    static Path writePrivate(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void loadsAPrivateBase64KeyWithSurroundingWhitespace() throws Exception {
        Path file = writeKey(dir.resolve("token.key"));
        Files.writeString(file, "  " + Files.readString(file).strip() + "\r\n\n");
        TokenKey key = TokenKey.load(file);
        assertEquals(file, key.file());
        assertEquals(TokenKey.BYTES, key.secretKey().getEncoded().length);
    }

    @Test
    void toStringNamesTheFileButNotTheKey() throws Exception {
        Path file = writeKey(dir.resolve("token.key"));
        String text = Files.readString(file).strip();
        String shown = TokenKey.load(file).toString();
        assertTrue(shown.contains(file.toString()), shown);
        assertFalse(shown.contains(text), shown);
        assertFalse(new TokenSeal(TokenKey.load(file)).toString().contains(text));
    }

    @Test
    void aMissingFileSaysHowToCreateOneForEveryHost() {
        Path file = dir.resolve("absent.key");
        var missing = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertEquals(file, missing.file());
        assertTrue(missing.getMessage().contains("the token key file " + file + " does not exist"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("`head -c 32 /dev/urandom | base64 > " + file + " && chmod 600 "
                + file + "`"), missing.getMessage());
        assertTrue(missing.getMessage().contains("every other host"), missing.getMessage());
    }

    @Test
    void refusesADirectory() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("token.key"));
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(directory));
        assertTrue(refused.getMessage().contains(directory + " is not a regular file"), refused.getMessage());
    }

    @Test
    void refusesMode0644NamingTheModeAndTheChmodWithoutQuotingTheKey() throws Exception {
        Path file = writeKey(dir.resolve("token.key"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertTrue(refused.getMessage().contains("has mode 0644"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Run `chmod 600 " + file + "`"), refused.getMessage());
        assertFalse(refused.getMessage().contains(Files.readString(file).strip()));
    }

    @Test
    void refusesAnyGroupOrOtherBitEvenWhenOnlyWriteOrExecute() throws Exception {
        Path file = writeKey(dir.resolve("token.key"));
        for (String mode : new String[] {"rw---x---", "rw------x", "rw--w----", "r-----r--"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThrows(TokenKeyException.class, () -> TokenKey.load(file), mode);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        TokenKey.load(file);
    }

    @Test
    void aKeyOfTheWrongLengthNamesItsByteCountButNotItsText() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        Path file = writePrivate(dir.resolve("short.key"), shortKey + "\n");
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertTrue(refused.getMessage().contains("holds 16 bytes after base64 decoding; an AES-256 key is 32"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(shortKey), refused.getMessage());
    }

    @Test
    void aHexKeyIsRefusedByItsDecodedLength() throws Exception {
        // `openssl rand -hex 32` is valid base64 too, and decodes to 48 bytes.
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Path file = writePrivate(dir.resolve("hex.key"), hex + "\n");
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertTrue(refused.getMessage().contains("holds 48 bytes"), refused.getMessage());
        assertFalse(refused.getMessage().contains(hex));
    }

    @Test
    void textThatIsNotBase64IsRefusedWithoutQuotingIt() throws Exception {
        String secretish = "correct-horse-battery-staple!";
        Path file = writePrivate(dir.resolve("words.key"), secretish + "\n");
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertTrue(refused.getMessage().contains(file + " does not hold base64 text"), refused.getMessage());
        assertFalse(refused.getMessage().contains(secretish));
        assertFalse(refused.getMessage().contains("Illegal base64 character"), refused.getMessage());
    }

    @Test
    void anEmptyFileHoldsZeroBytes() throws Exception {
        Path file = writePrivate(dir.resolve("empty.key"), "\n");
        var refused = assertThrows(TokenKeyException.class, () -> TokenKey.load(file));
        assertTrue(refused.getMessage().contains("holds 0 bytes"), refused.getMessage());
    }
}
