package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed token caches open only with the same key, for the same mailbox, unaltered. */
class TokenSealTest {
    private static final byte[] CACHE = "{\"RefreshToken\":{\"rt\":{\"secret\":\"0.AAAA-refresh-token\"}}}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path keyFile;
    private TokenSeal seal;

    @BeforeEach
    void key() throws Exception {
        keyFile = TokenKeyTest.writeKey(dir.resolve("token.key"));
        seal = new TokenSeal(TokenKey.load(keyFile));
    }

    @Test
    void opensWhatItSealed() {
        assertArrayEquals(CACHE, seal.open("support", seal.seal("support", CACHE)));
        assertArrayEquals(new byte[0], seal.open("support", seal.seal("support", new byte[0])));
    }

    @Test
    void anotherHostWithTheSameKeyFileOpensIt() throws Exception {
        Path copy = Files.copy(keyFile, dir.resolve("copy.key"));
        TokenSeal otherHost = new TokenSeal(TokenKey.load(copy));
        assertArrayEquals(CACHE, otherHost.open("support", seal.seal("support", CACHE)));
    }

    @Test
    void hasTheMagicNonceAndTagAroundTheCiphertext() {
        byte[] sealed = seal.seal("support", CACHE);
        assertEquals("HDT1", new String(sealed, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(4 + 12 + CACHE.length + 16, sealed.length);
    }

    @Test
    void twoSealsOfTheSameCacheDifferByTheirNonce() {
        byte[] first = seal.seal("support", CACHE);
        byte[] second = seal.seal("support", CACHE);
        assertFalse(Arrays.equals(first, second));
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 4, 16), Arrays.copyOfRange(second, 4, 16)));
    }

    @Test
    void theSealedFormDoesNotContainThePlaintext() {
        String sealed = new String(seal.seal("support", CACHE), StandardCharsets.ISO_8859_1);
        assertFalse(sealed.contains("refresh-token"));
        assertFalse(sealed.contains("RefreshToken"));
    }

    @Test
    void anotherKeyIsRefusedNamingMailboxKeyFileAndBothWaysOut() throws Exception {
        Path otherFile = TokenKeyTest.writeKey(dir.resolve("other.key"));
        TokenSeal other = new TokenSeal(TokenKey.load(otherFile));
        byte[] sealed = seal.seal("support", CACHE);
        var refused = assertThrows(CredentialException.class, () -> other.open("support", sealed));
        assertEquals(CredentialException.Reason.MISCONFIGURED, refused.reason());
        assertEquals("the token cache of mailbox \"support\" cannot be decrypted with the key in " + otherFile
                + ": it was written with another key or altered. Use the key file the other hosts use, or run"
                + " `helpdesk auth login --mailbox support` to start a new cache.", refused.getMessage());
        assertNoKeyIn(refused, keyFile);
        assertNoKeyIn(refused, otherFile);
    }

    @Test
    void aCacheCopiedOntoAnotherMailboxIsRefused() {
        byte[] sealed = seal.seal("support", CACHE);
        var refused = assertThrows(CredentialException.class, () -> seal.open("billing", sealed));
        assertTrue(refused.getMessage().startsWith("the token cache of mailbox \"billing\" cannot be decrypted"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("`helpdesk auth login --mailbox billing`"), refused.getMessage());
    }

    @Test
    void anyFlippedBitIsRefused() {
        byte[] sealed = seal.seal("support", CACHE);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CredentialException.class, () -> seal.open("support", altered), "bit " + bit);
        }
    }

    @Test
    void truncatedInputIsRefusedAtEveryLength() {
        byte[] sealed = seal.seal("support", CACHE);
        for (int length = 0; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            var refused = assertThrows(CredentialException.class, () -> seal.open("support", cut), "length " + length);
            assertTrue(refused.getMessage().contains("the key in " + keyFile), refused.getMessage());
        }
    }

    @Test
    void anUnsealedCacheIsRefusedAsNotInTheFormat() {
        var refused = assertThrows(CredentialException.class, () -> seal.open("support", CACHE));
        assertTrue(refused.getMessage().contains("it is not in helpdesk's sealed format"), refused.getMessage());
        assertTrue(refused.getMessage().contains("`helpdesk auth login --mailbox support`"), refused.getMessage());
        assertFalse(refused.getMessage().contains("refresh-token"));
    }

    private static void assertNoKeyIn(CredentialException e, Path keyFile) throws Exception {
        String key = Files.readString(keyFile).strip();
        assertFalse(e.getMessage().contains(key), e.getMessage());
        assertFalse(e.detail().contains(key), e.detail());
    }
}
