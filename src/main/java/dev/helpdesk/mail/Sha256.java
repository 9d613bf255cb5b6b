package dev.helpdesk.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The SHA-256 of bytes fed in pieces of any size, as lower-case hex: the name under which every message and
 * attachment is stored. Computed by NSS when {@link #installNative} found it (several times faster here: the
 * JDK's own code for it is only fast once C2 compiles it, and a run compiles with C1 only), else by the JDK.
 * Pieces under {@value #BLOCK} bytes are gathered first, since each update of a native digest is a native call.
 */
public final class Sha256 {
    /** The name of the provider {@link #installNative} adds. */
    static final String NATIVE = "SunPKCS11-helpdesk-sha256";
    private static final int BLOCK = 8 * 1024;
    /** Where Debian, Ubuntu (by architecture), Fedora, RHEL and Alpine put NSS. */
    static final List<Path> NSS_DIRECTORIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/usr/lib64"), Path.of("/usr/lib"));
    private static final String NSS = "libsoftokn3.so";
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private final MessageDigest digest = newDigest();
    private byte[] block;
    private int held;
    private boolean fed;

    public Sha256 update(byte[] bytes, int offset, int length) {
        // The first piece goes straight in: content held in memory is hashed as one piece, with nothing copied.
        if (length >= BLOCK || !fed) {
            fed = true;
            flush();
            digest.update(bytes, offset, length);
            return this;
        }
        if (block == null) {
            block = new byte[BLOCK];
        }
        if (held + length > BLOCK) {
            flush();
        }
        System.arraycopy(bytes, offset, block, held, length);
        held += length;
        return this;
    }

    public Sha256 update(byte b) {
        fed = true;
        if (block == null) {
            block = new byte[BLOCK];
        }
        if (held == BLOCK) {
            flush();
        }
        block[held++] = b;
        return this;
    }

    /** The hash of everything fed; this object takes no more bytes afterwards. */
    public String hex() {
        flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    private void flush() {
        if (held > 0) {
            digest.update(block, 0, held);
            held = 0;
        }
    }

    private static MessageDigest newDigest() {
        try {
            Provider nss = Security.getProvider(NATIVE);
            return nss == null ? MessageDigest.getInstance("SHA-256") : MessageDigest.getInstance("SHA-256", nss);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Adds, last in the JVM's list (so nothing else picks it), a provider of SHA-256 from the system's NSS found
     * in the first of {@code libraryDirectories} that holds a working one; returns that directory. Without one
     * (no NSS, an NSS the JDK cannot load, a runtime without the PKCS#11 module) the JDK's digest stays in use:
     * the hashes are the same either way. Empty too when this JVM has it already.
     */
    public static Optional<Path> installNative(List<Path> libraryDirectories) {
        if (Security.getProvider(NATIVE) != null) {
            return Optional.empty(); // installed before in this JVM
        }
        for (Path directory : libraryDirectories) {
            Optional<Provider> nss = nss(directory);
            if (nss.isPresent()) {
                Security.addProvider(nss.get()); // refused, harmlessly, when another thread added one first
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }

    /** Whether NSS's softoken is where helpdesk looks for it (it may still fail to load: {@link #installNative}). */
    public static boolean systemHasNss() {
        return NSS_DIRECTORIES.stream().anyMatch(directory -> Files.isRegularFile(directory.resolve(NSS)));
    }

    /** A PKCS#11 provider offering only NSS's SHA-256, loaded, initialised and checked; empty if it fails. */
    static Optional<Provider> nss(Path directory) {
        Provider pkcs11 = Security.getProvider("SunPKCS11");
        if (pkcs11 == null || !Files.isRegularFile(directory.resolve(NSS))) {
            return Optional.empty();
        }
        try {
            Provider nss = pkcs11.configure("--name=" + NATIVE.substring("SunPKCS11-".length()) + "\n"
                    + "nssLibraryDirectory=" + directory + "\n"
                    + "nssDbMode=noDb\n"
                    + "enabledMechanisms={ CKM_SHA256 }\n");
            byte[] abc = MessageDigest.getInstance("SHA-256", nss).digest(new byte[] {'a', 'b', 'c'});
            // a wrong hash would misname stored bytes: a library that gives one is not used
            return HexFormat.of().formatHex(abc).equals(ABC) ? Optional.of(nss) : Optional.empty();
        } catch (RuntimeException | NoSuchAlgorithmException | LinkageError e) {
            return Optional.empty();
        }
    }
}
