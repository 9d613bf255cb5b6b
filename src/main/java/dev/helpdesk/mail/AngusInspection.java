package dev.helpdesk.mail;

import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/** {@link ServerInspection} on a logged-in Angus store, opened exactly as a fetch opens one. */
final class AngusInspection implements ServerInspection {
    private final GuardedImapStore store;
    private final ImapEndpoint endpoint;
    private final Set<String> hidden;

    AngusInspection(GuardedImapStore store, ImapEndpoint endpoint, Set<String> hidden) {
        this.store = store;
        this.endpoint = endpoint;
        this.hidden = hidden;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public String loginMechanism() {
        return store.loginMechanism();
    }

    @Override
    public List<String> capabilitiesBeforeLogin() {
        return store.capabilitiesBeforeLogin();
    }

    @Override
    public List<String> capabilities() {
        try {
            IMAPFolder root = (IMAPFolder) store.getDefaultFolder();
            @SuppressWarnings("unchecked")
            List<String> all = (List<String>) root.doCommand(p -> new ArrayList<>(p.getCapabilities().keySet()));
            return all.stream().map(c -> c.toUpperCase(Locale.ROOT))
                    .filter(c -> !c.startsWith("__") && !hidden.contains(c)).sorted().toList();
        } catch (MessagingException e) {
            throw Failures.during("reading the capabilities", endpoint.describe(), e);
        }
    }

    @Override
    public ServerCapabilities extensions() {
        try {
            return store.capabilities();
        } catch (MessagingException e) {
            throw Failures.during("reading the capabilities", endpoint.describe(), e);
        }
    }

    @Override
    public List<String> folders() {
        try {
            return Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).sorted().toList();
        } catch (MessagingException e) {
            throw Failures.during("listing the folders", endpoint.describe(), e);
        }
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
    public Examined examine(String name, long aboveUid) {
        String where = "folder \"" + name + "\" on " + endpoint.describe();
        IMAPFolder folder = null;
        try {
            folder = (IMAPFolder) store.getFolder(name);
            folder.open(Folder.READ_ONLY); // EXAMINE: the folder cannot change through this connection
            int messages = folder.getMessageCount();
            int above = messages == 0 || aboveUid >= UidSet.MAX_UID ? 0
                    : (Integer) folder.doCommand(p -> countAbove(p, aboveUid));
            return new Examined(messages, folder.getUIDValidity(), folder.getUIDNext(), above);
        } catch (FolderNotFoundException e) {
            throw new MailException(MailException.Kind.FOLDER, "There is no " + where + ".", e);
        } catch (MessagingException e) {
            if (Failures.lostConnection(e)) {
                throw Failures.during("examining the folder", where, e);
            }
            throw new MailException(MailException.Kind.FOLDER, "Cannot examine " + where + Failures.serverSaid(e)
                    + "; check that the account may read it.", e);
        } finally {
            if (folder != null) {
                AngusMailSession.closeQuietly(folder);
            }
        }
    }

    /** {@code UID SEARCH UID n:*}, counting only UIDs above {@code aboveUid} ({@code n:*} always names the last). */
    private static int countAbove(org.eclipse.angus.mail.imap.protocol.IMAPProtocol p, long aboveUid)
            throws org.eclipse.angus.mail.iap.ProtocolException {
        Response[] responses = p.command("UID SEARCH UID " + (aboveUid + 1) + ":*", null);
        p.notifyResponseHandlers(responses);
        p.handleResult(responses[responses.length - 1]);
        int count = 0;
        for (Response r : responses) {
            if (r instanceof IMAPResponse search && search.keyEquals("SEARCH")) {
                for (long uid = search.readLong(); uid != -1; uid = search.readLong()) {
                    if (uid > aboveUid) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException ignored) {
            // the server ends the session when the socket closes
        }
    }
}
