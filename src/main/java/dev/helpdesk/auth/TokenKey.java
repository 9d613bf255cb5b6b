package dev.helpdesk.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that seals token caches at rest, read from a private file holding 32 random bytes in base64;
 * every host sharing the caches uses the same file. Neither the key nor the file's text reaches a message.
 */
public final class TokenKey {
    static final int BYTES = 32;
    /** A key is 44 characters; anything this long was not written by the command we suggest. */
    private static final long MAX_FILE_SIZE = 4096;

    private final Path file;
    private final SecretKey key;

    private TokenKey(Path file, SecretKey key) {
        this.file = file;
        this.key = key;
    }

    /**
     * Reads the key file, following symbolic links (secret mounts are often links).
     *
     * @throws TokenKeyException when the file is missing, not a regular file, unreadable, has any group or other
     *     permission bit, or does not hold exactly 32 bytes in base64
     */
    public static TokenKey load(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] text = read(file);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException notBase64) {
            // The decoder's message quotes the offending character, a piece of the key: it is not passed on.
            throw refused(file, "does not hold base64 text. " + createIt(file));
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        try {
            if (raw.length != BYTES) {
                throw refused(file, "holds " + raw.length + " byte" + (raw.length == 1 ? "" : "s")
                        + " after base64 decoding; an AES-256 key is " + BYTES + ". " + createIt(file));
            }
            return new TokenKey(file, new SecretKeySpec(raw, "AES"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The file the key came from, for messages. */
    public Path file() {
        return file;
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "TokenKey[file=" + file + "]";
    }

    private static byte[] read(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw refused(file, "is not a regular file. Point \"tokenKey\" in the config at the key file itself.");
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            // Bits, not readability: run as root every file is readable, yet a 0644 key is still exposed.
            if (!permissions.stream().allMatch(p -> p.name().startsWith("OWNER_"))) {
                throw refused(file, "has mode " + octal(permissions) + ", so other users can read"
                        + " it, and it was not used. Run `chmod 600 " + file + "`.");
            }
            if (attributes.size() > MAX_FILE_SIZE) {
                throw refused(file, "is " + attributes.size() + " bytes long, too long for a key (44 characters of"
                        + " base64). " + createIt(file));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw refused(file, "does not exist. Create it with `head -c 32 /dev/urandom | base64 > " + file
                    + " && chmod 600 " + file + "` on one host and copy that same file to every other host.");
        } catch (AccessDeniedException e) {
            throw refused(file, "cannot be read (permission denied). Check that the user running helpdesk owns it.");
        } catch (IOException e) {
            throw refused(file, "cannot be read (" + e + "). Check the path and that the user running helpdesk"
                    + " owns it.");
        }
    }

    /** {@code "0644"}; TokenCacheFile has the same, kept apart so the key does not depend on the file cache. */
    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static String createIt(Path file) {
        return "If no token cache was sealed with it yet, create a key with `head -c 32 /dev/urandom | base64 > "
                + file + " && chmod 600 " + file + "`; otherwise copy the key file the other hosts use.";
    }

    private static TokenKeyException refused(Path file, String problem) {
        return new TokenKeyException(file, "the token key file " + file + " " + problem);
    }
}
