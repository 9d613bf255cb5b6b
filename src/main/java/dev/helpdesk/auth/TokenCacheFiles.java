package dev.helpdesk.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every token cache a single host keeps as files in {@code <dataDir>/tokens/}, with its login-required note, read
 * whole for a copy into a shared database. The files are read as a fetch reads them (a cache others can read is
 * refused with the chmod to run); msal4j's temp files, whose names start with a dot, are not caches.
 */
public final class TokenCacheFiles {
    /** One mailbox's files: its serialized msal4j cache and the reason its login was refused, either may be absent. */
    public record Found(String mailbox, Optional<String> cache, Optional<String> loginRequired, Path file) {
    }

    private final Path dataDir;

    public TokenCacheFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * The mailboxes that have a cache or a note, in name order.
     *
     * @throws CredentialException MISCONFIGURED when a cache is not private to its owner or cannot be read
     */
    public List<Found> read() {
        Path directory = TokenCacheFile.directory(dataDir);
        TreeSet<String> mailboxes = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (name.endsWith(TokenCacheFile.CACHE)) {
                    mailboxes.add(name.substring(0, name.length() - TokenCacheFile.CACHE.length()));
                } else if (name.endsWith(TokenCacheFile.NOTE)) {
                    mailboxes.add(name.substring(0, name.length() - TokenCacheFile.NOTE.length()));
                }
            }
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the token caches in " + directory + ": " + e.getMessage()
                    + ". Check that the user running helpdesk owns that directory.", e);
        }
        List<Found> found = new ArrayList<>();
        for (String mailbox : mailboxes) {
            TokenCacheFile file = new TokenCacheFile(dataDir, mailbox);
            found.add(new Found(mailbox, file.read(), file.loginRequired(), file.path()));
        }
        return found;
    }
}
