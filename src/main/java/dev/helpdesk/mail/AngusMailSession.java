package dev.helpdesk.mail;

import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.util.Objects;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/** A logged-in Angus {@link IMAPStore} behind the {@link MailSession} interface. */
final class AngusMailSession implements MailSession {
    private final IMAPStore store;
    private final ServerCapabilities capabilities;
    private final ImapEndpoint endpoint;
    private final SocketTracker sockets;

    AngusMailSession(IMAPStore store, ServerCapabilities capabilities, ImapEndpoint endpoint, SocketTracker sockets) {
        this.store = store;
        this.capabilities = capabilities;
        this.endpoint = endpoint;
        this.sockets = sockets;
    }

    @Override
    public ServerCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public boolean folderExists(String name) {
        try {
            return store.getFolder(name).exists();
        } catch (MessagingException e) {
            throw Failures.during("looking for folder \"" + name + "\"", endpoint.describe(), e);
        }
    }

    @Override
    public void createFolder(String name) {
        try {
            if (!store.getFolder(name).create(Folder.HOLDS_MESSAGES)) {
                throw new MailException(MailException.Kind.FOLDER, "The server " + endpoint.describe()
                        + " would not create the folder \"" + name + "\"; create it yourself or name another.");
            }
        } catch (MessagingException e) {
            throw Failures.during("creating folder \"" + name + "\"", endpoint.describe(), e);
        }
    }

    @Override
    public void abort() {
        sockets.abort();
    }

    @Override
    public FolderSession open(String name) {
        Objects.requireNonNull(name, "folder");
        if (name.isBlank()) {
            throw new IllegalArgumentException("folder name is blank");
        }
        String where = "folder \"" + name + "\" on " + endpoint.describe();
        IMAPFolder folder = null;
        try {
            folder = (IMAPFolder) store.getFolder(name);
            folder.open(Folder.READ_WRITE);
            if (folder.getMode() != Folder.READ_WRITE) {
                closeQuietly(folder);
                throw new MailException(MailException.Kind.FOLDER, "The server opened " + where
                        + " read-only; give the account write access so fetched mail can be marked, moved or deleted.");
            }
            return new AngusFolderSession(folder, capabilities, sockets, where, folder.getUIDValidity(),
                    folder.getUIDNext());
        } catch (FolderNotFoundException e) {
            throw new MailException(MailException.Kind.FOLDER, "There is no " + where
                    + "; fix the mailbox's \"folders\" list in the config (names other than INBOX are case-sensitive).", e);
        } catch (MessagingException e) {
            if (folder != null) {
                closeQuietly(folder);
            }
            if (Failures.lostConnection(e)) {
                throw Failures.during("opening the folder", where, e);
            }
            throw new MailException(MailException.Kind.FOLDER, "Cannot open " + where + Failures.serverSaid(e)
                    + "; check that the folder exists and the account may select it.", e);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException ignored) {
            // A failed LOGOUT leaves nothing to undo: the server ends the session when the socket closes.
        }
    }

    static void closeQuietly(IMAPFolder folder) {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | IllegalStateException ignored) {
            // Closing only deselects; if the connection is gone there is nothing left to deselect.
        }
    }
}
