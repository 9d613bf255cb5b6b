package dev.helpdesk.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One mailbox's msal4j token cache, {@code <dataDir>/tokens/<mailbox>.json} in msal4j's own serialized
 * format, and the note that its login was refused ({@code <mailbox>.login-required}).
 *
 * <p>The storage of a single host (a SQLite store): msal4j loads and saves it through {@link CacheAspect} while
 * the fetch holds the mailbox's lock. Every write is a private temp file, fsync, rename, fsync of the
 * directory; a file others can read is never used.
 */
final class TokenCacheFile implements TokenCache {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    /** Puts bytes at a path as a whole; the seam tests swap for one that fails, as a full disk would. */
    interface Writer {
        void write(Path file, byte[] content) throws IOException;
    }

    /** Raised from inside msal4j when the cache could not be saved; the tokens of that call must not be used. */
    static final class SaveFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SaveFailed(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** The endings of a mailbox's files: its cache, and the note that its login was refused. */
    static final String CACHE = ".json";
    static final String NOTE = ".login-required";

    private final String mailbox;
    private final Path file;
    private final Writer writer;

    TokenCacheFile(Path dataDir, String mailbox, Writer writer) {
        this.mailbox = mailbox;
        this.file = directory(dataDir).resolve(mailbox + CACHE);
        this.writer = writer;
    }

    TokenCacheFile(Path dataDir, String mailbox) {
        this(dataDir, mailbox, TokenCacheFile::atomicWrite);
    }

    static Path directory(Path dataDir) {
        return dataDir.resolve("tokens");
    }

    Path path() {
        return file;
    }

    Path loginRequiredNote() {
        return file.resolveSibling(mailbox + NOTE);
    }

    boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** The cache's text, or empty when there is none; refuses a file that others can read. */
    @Override
    public Optional<String> read() {
        if (!exists()) {
            return Optional.empty();
        }
        checkPrivate();
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException raced) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox
                    + ": the token cache " + file + " cannot be read (" + e.getMessage() + "). Check that the"
                    + " user running helpdesk owns it.");
        }
    }

    /** Throws a CredentialException naming the chmod to run when the file is not private to its owner. */
    void checkPrivate() {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw misconfigured("the token cache " + file + " is not a regular file, so it was not used."
                        + " Remove it and run `helpdesk auth login --mailbox " + mailbox + "`.");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(SHARED::contains)) {
                throw misconfigured("the token cache " + file + " has mode " + octal(permissions)
                        + ", so other users can read it, and it was not used. Run `chmod 600 " + file + "`"
                        + " (and if someone may have copied it, `helpdesk auth logout --mailbox " + mailbox
                        + "` and log in again).");
            }
        } catch (IOException e) {
            throw misconfigured("the token cache " + file + " cannot be checked (" + e.getMessage() + ").");
        }
    }

    /** Replaces the cache as a whole, creating {@code tokens/} (0700) when it is missing. */
    @Override
    public void write(String content) {
        try {
            createDirectory();
            writer.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SaveFailed("the token cache " + file + " could not be saved (" + e + ")", e);
        }
    }

    @Override
    public boolean delete() {
        try {
            Files.deleteIfExists(loginRequiredNote());
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the token cache " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void markLoginRequired(String why) {
        try {
            createDirectory();
            writer.write(loginRequiredNote(), why.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The fetch still reports "login required"; only `auth status` would not know it.
            throw new UncheckedIOException("could not write " + loginRequiredNote() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> loginRequired() {
        try {
            return Optional.of(Files.readString(loginRequiredNote(), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("unknown (" + e.getMessage() + ")");
        }
    }

    @Override
    public void clearLoginRequired() {
        try {
            Files.deleteIfExists(loginRequiredNote());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + loginRequiredNote() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public String describe() {
        return "the token cache " + file;
    }

    @Override
    public String refusedFix() {
        return "chmod 600 " + file;
    }

    @Override
    public String replaceCommand() {
        return "rm " + file + " && helpdesk auth login --mailbox " + mailbox;
    }

    private void createDirectory() throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        }
        // A directory someone created by hand with the usual 0755 would list our mailboxes to everyone.
        if (!Files.getPosixFilePermissions(directory).equals(PRIVATE_DIR)) {
            Files.setPosixFilePermissions(directory, PRIVATE_DIR);
        }
    }

    /** Temp file created 0600, written, fsynced, renamed over the old one, directory fsynced. */
    static void atomicWrite(Path file, byte[] content) throws IOException {
        Path directory = file.getParent();
        Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", PRIVATE_FILE);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        // Without this a power cut can forget the rename even though the data was synced.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    private CredentialException misconfigured(String problem) {
        return new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox + ": " + problem);
    }
}
