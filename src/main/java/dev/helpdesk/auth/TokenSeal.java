package dev.helpdesk.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts a mailbox's serialized token cache for storage others can read (a shared database) and decrypts it
 * again: {@code "HDT1"}, a 12-byte random nonce, then AES-GCM ciphertext with its 128-bit tag. The mailbox
 * name is authenticated with it, so a cache copied onto another mailbox does not open. Safe to share between
 * threads.
 */
public final class TokenSeal {
    private static final byte[] MAGIC = "HDT1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int OVERHEAD = MAGIC.length + NONCE_BYTES + TAG_BITS / 8;
    private static final String CONTEXT = "helpdesk token cache\0";

    private final TokenKey key;
    private final SecureRandom random;

    public TokenSeal(TokenKey key) {
        this(key, new SecureRandom());
    }

    TokenSeal(TokenKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The sealed form of {@code plaintext} for {@code mailbox}; a fresh nonce each time. */
    public byte[] seal(String mailbox, byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] body = cipher(Cipher.ENCRYPT_MODE, mailbox, nonce).doFinal(plaintext);
            return ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + body.length).put(MAGIC).put(nonce).put(body)
                    .array();
        } catch (GeneralSecurityException e) {
            // A 32-byte AES key and a 12-byte nonce are valid on every JDK 17; this is a broken runtime.
            throw new IllegalStateException("AES-GCM is not available in this Java runtime: " + e, e);
        }
    }

    /**
     * The plaintext {@link #seal} was given for {@code mailbox}.
     *
     * @throws CredentialException MISCONFIGURED when {@code sealed} is not in this format, was written with
     *     another key or for another mailbox, or was altered; the message names the mailbox, the key file and
     *     both ways out
     */
    public byte[] open(String mailbox, byte[] sealed) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < OVERHEAD || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw undecryptable(mailbox, "it is not in helpdesk's sealed format, so it was altered or written by"
                    + " something else");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + NONCE_BYTES);
        int start = MAGIC.length + NONCE_BYTES;
        try {
            return cipher(Cipher.DECRYPT_MODE, mailbox, nonce).doFinal(sealed, start, sealed.length - start);
        } catch (AEADBadTagException e) {
            throw undecryptable(mailbox, "it was written with another key or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "TokenSeal[" + key + "]";
    }

    private Cipher cipher(int mode, String mailbox, byte[] nonce) throws GeneralSecurityException {
        Objects.requireNonNull(mailbox, "mailbox");
        // A Cipher holds state between init and doFinal, so each call gets its own (--jobs seals in parallel).
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((CONTEXT + mailbox).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private CredentialException undecryptable(String mailbox, String why) {
        String detail = "the token cache cannot be decrypted with the key in " + key.file() + ": " + why;
        return new CredentialException(CredentialException.Reason.MISCONFIGURED, "the token cache of mailbox \""
                + mailbox + "\" cannot be decrypted with the key in " + key.file() + ": " + why + ". Use the key"
                + " file the other hosts use, or run " + TokenFailures.loginCommand(mailbox) + " to start a new"
                + " cache.", detail);
    }
}
