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

    AngusMailSession(IMAPStore store, ServerCapabilities capabilities, ImapEndpoint endpoint) {
        this.store = store;
        this.capabilities = capabilities;
        this.endpoint = endpoint;
    }

    @Override
    public boolean supportsMove() {
        return capabilities.move();
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
            return new AngusFolderSession(folder, capabilities, where, folder.getUIDValidity(), folder.getUIDNext());
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
