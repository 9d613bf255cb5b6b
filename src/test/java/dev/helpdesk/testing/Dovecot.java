package dev.helpdesk.testing;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private Dovecot IMAP server on a free loopback port, started through {@code scripts/dovecot} (which installs
 * it when missing): real server behaviour that GreenMail lacks, seeded by writing message files, with its state
 * readable through a {@link PlainImapClient} and its UIDVALIDITY resettable. Plain IMAP, no TLS.
 */
public final class Dovecot implements AutoCloseable {
    private static final Path SCRIPT = Path.of("scripts/dovecot").toAbsolutePath();

    private final Path dir;
    private final Map<String, String> users;
    private final String firstUser;
    private final String capability;
    private final int port;
    private final List<String> startArgs;
    private long seeded;
    private boolean running;

    /** Chooses the accounts and the advertised capabilities before {@link #start()}. */
    public static final class Builder {
        private final Path scratch;
        private final Map<String, String> users = new LinkedHashMap<>();
        private String capability;

        private Builder(Path scratch) {
            this.scratch = scratch;
        }

        /** Adds an account; the first one is the default of the one-user methods. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /**
         * Replaces the advertised capability list (greeting, CAPABILITY, login response) with this one, e.g. one
         * without MOVE and UIDPLUS. Only what is advertised changes: Dovecot still executes those commands.
         */
        public Builder capability(String list) {
            this.capability = list;
            return this;
        }

        public Dovecot start() {
            if (users.isEmpty()) {
                user("support@example.com", "support-password");
            }
            return new Dovecot(scratch, users, capability);
        }
    }

    /**
     * A server whose files go in a new directory under {@code scratch} (a JUnit temp dir). The script makes that
     * directory and {@code scratch} itself world-readable, because Dovecot's mail processes do not run as root.
     */
    public static Builder in(Path scratch) {
        return new Builder(scratch);
    }

    private Dovecot(Path scratch, Map<String, String> users, String capability) {
        this.users = Map.copyOf(users);
        this.capability = capability;
        try {
            this.dir = Files.createTempDirectory(scratch, "dovecot");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
        List<String> argv = new ArrayList<>(List.of("bash", SCRIPT.toString(), "start", dir.toString(),
                Integer.toString(port)));
        users.forEach((user, password) -> argv.addAll(List.of(user, password)));
        this.startArgs = List.copyOf(argv);
        this.firstUser = users.keySet().iterator().next();
        start();
    }

    public int port() {
        return port;
    }

    /** The first account. */
    public String user() {
        return firstUser;
    }

    public String password() {
        return password(firstUser);
    }

    public String password(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no account " + user + " on this Dovecot");
        }
        return password;
    }

    /** Dovecot's own log, for a failing test's message. */
    public Path log() {
        return dir.resolve("dovecot.log");
    }

    /** Seeds messages into a folder of the first account; see {@link #seed(String, String, byte[]...)}. */
    public void seed(String folder, byte[]... messages) {
        seed(firstUser, folder, messages);
    }

    /**
     * Writes each message, exactly these bytes, as a file in the folder's {@code new} directory (creating the
     * folder when missing). Dovecot gives new files UIDs in the order of their names when it next looks, so
     * messages seeded together get ascending UIDs in argument order, after all UIDs it has already given.
     * Dovecot serves a bare LF as CRLF: seed CRLF text when comparing bytes.
     */
    public void seed(String user, String folder, byte[]... messages) {
        Path maildir = maildir(user, folder);
        try {
            for (String sub : List.of("cur", "new", "tmp")) {
                createOwned(maildir.resolve(sub), true);
            }
            if (!folder.equalsIgnoreCase("INBOX") && !Files.exists(maildir.resolve("maildirfolder"))) {
                createOwned(maildir.resolve("maildirfolder"), false);
            }
            for (byte[] message : messages) {
                // Write in tmp, then rename into new: Dovecot never sees half a file (the Maildir protocol).
                String name = String.format("%010d.seed", ++seeded);
                Path tmp = maildir.resolve("tmp").resolve(name);
                Files.write(tmp, message);
                ownLikeMaildir(tmp);
                Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Maildir++ directory of a folder: INBOX is the account's Maildir, "A/B" is {@code Maildir/.A.B}. */
    public Path maildir(String user, String folder) {
        Path root = dir.resolve("mail").resolve(user).resolve("Maildir");
        return folder.equalsIgnoreCase("INBOX") ? root : root.resolve("." + folder.replace('/', '.'));
    }

    /** A plain Jakarta Mail client logged in as the first account; the caller closes it. */
    public PlainImapClient client() {
        return client(firstUser);
    }

    public PlainImapClient client(String user) {
        return PlainImapClient.connect(port, user, password(user));
    }

    /**
     * Gives a folder a new UIDVALIDITY as a rebuilt mailbox would: stops the server, deletes the folder's UID list
     * and indexes (and the account's folder list index), starts again on the same port. The messages stay, and
     * get UIDs from 1 again in file-name order, so an expunged gap closes and UIDs name other messages than
     * before. Dovecot's per-account {@code dovecot-uidvalidity} makes the new value differ from the old one.
     *
     * @return the folder's new UIDVALIDITY
     */
    public long resetUidValidity(String user, String folder) {
        stop();
        try {
            deleteMatching(maildir(user, folder), "dovecot-uidlist", "dovecot.index");
            deleteMatching(maildir(user, "INBOX"), "dovecot.list.index");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        try (PlainImapClient client = client(user)) {
            return client.uidValidity(folder);
        } catch (MessagingException e) {
            throw new AssertionError("could not read the new UIDVALIDITY of " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port, with the same accounts and mail. */
    public void start() {
        Command command = Command.of(startArgs).inheritEnv().withoutEnv("DOVECOT_IMAP_CAPABILITY");
        if (capability != null) {
            command.env("DOVECOT_IMAP_CAPABILITY", capability);
        }
        Command.Result result = command.run(dir);
        if (result.code() != 0) {
            throw new AssertionError("scripts/dovecot start failed (port " + port + "):\n" + result);
        }
        running = true;
    }

    /** Stops the server (about a second); its files stay. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        Command.Result result = Command.of("bash", SCRIPT.toString(), "stop", dir.toString()).inheritEnv().run(dir);
        if (result.code() != 0) {
            throw new AssertionError("scripts/dovecot stop failed:\n" + result);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the test writes must belong to the account's owner (the script's {@code dovecot} user when run as
     * root), or Dovecot cannot move files from new to cur or write its indexes next to them.
     */
    private void createOwned(Path path, boolean directory) throws IOException {
        if (Files.exists(path)) {
            return;
        }
        Path parent = path.getParent();
        if (!Files.exists(parent)) {
            createOwned(parent, true);
        }
        if (directory) {
            Files.createDirectory(path);
        } else {
            Files.createFile(path);
        }
        ownLikeMaildir(path);
    }

    private void ownLikeMaildir(Path path) throws IOException {
        Path root = dir.resolve("mail");
        PosixFileAttributes owner = Files.readAttributes(root, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (!view.readAttributes().owner().equals(owner.owner())) {
            view.setOwner(owner.owner());
        }
        GroupPrincipal group = owner.group();
        if (!view.readAttributes().group().equals(group)) {
            view.setGroup(group);
        }
    }

    private static void deleteMatching(Path folder, String... prefixes) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Stream.of(prefixes).anyMatch(name::startsWith)) {
                    Files.delete(file);
                }
            }
        }
    }
}
