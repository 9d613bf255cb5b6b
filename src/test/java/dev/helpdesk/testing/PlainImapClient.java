package dev.helpdesk.testing;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * A second, plain Jakarta Mail client on an account (GreenMail or Dovecot): a person reading the mailbox in
 * Thunderbird, used to seed and to read the server's state (UIDs, flags, folders) independently of the code under
 * test. Folders are opened read-only (EXAMINE) for reading, so looking changes nothing.
 */
public final class PlainImapClient implements AutoCloseable {
    private final Store store;

    private PlainImapClient(Store store) {
        this.store = store;
    }

    public static PlainImapClient connect(int port, String user, String password) {
        Properties props = new Properties();
        props.setProperty("mail.imap.peek", "true");
        props.setProperty("mail.imap.fetchsize", Integer.toString(1 << 20)); // see STACK.md: 16 KiB is very slow
        props.setProperty("mail.imap.connectiontimeout", "20000");
        props.setProperty("mail.imap.timeout", "20000");
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect("127.0.0.1", port, user, password);
            return new PlainImapClient(store);
        } catch (MessagingException e) {
            throw new AssertionError("could not log in as " + user + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Appends raw messages in order, so they get ascending UIDs; creates the folder when missing. */
    public void append(String folderName, byte[]... raws) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        Session session = Session.getInstance(new Properties());
        List<Message> messages = new ArrayList<>();
        for (byte[] raw : raws) {
            messages.add(new MimeMessage(session, new ByteArrayInputStream(raw)));
        }
        folder.appendMessages(messages.toArray(new Message[0]));
    }

    /** The UIDs in the folder, ascending. */
    public List<Long> uids(String folderName) throws MessagingException {
        return List.copyOf(flags(folderName).keySet());
    }

    /** Every message's flags by UID, ascending: {@code \Seen}, {@code \Deleted}, keywords as named. */
    public Map<Long, Set<String>> flags(String folderName) throws MessagingException {
        Folder folder = open(folderName);
        try {
            Message[] messages = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.FLAGS);
            folder.fetch(messages, profile);
            Map<Long, Set<String>> flags = new LinkedHashMap<>();
            for (Message m : messages) {
                flags.put(((UIDFolder) folder).getUID(m), names(m.getFlags()));
            }
            return flags;
        } finally {
            folder.close(false);
        }
    }

    public boolean hasFlag(String folderName, long uid, Flags.Flag flag) throws MessagingException {
        Set<String> flags = flags(folderName).get(uid);
        if (flags == null) {
            throw new AssertionError("no UID " + uid + " in " + folderName);
        }
        return flags.contains(names(new Flags(flag)).iterator().next());
    }

    /** Every folder's full name, sorted (with "/" or "." as the server separates them). */
    public Set<String> folders() throws MessagingException {
        Set<String> names = new TreeSet<>();
        for (Folder folder : store.getDefaultFolder().list("*")) {
            names.add(folder.getFullName());
        }
        return names;
    }

    public boolean exists(String folderName) throws MessagingException {
        return store.getFolder(folderName).exists();
    }

    public long uidValidity(String folderName) throws MessagingException {
        Folder folder = open(folderName);
        try {
            return ((UIDFolder) folder).getUIDValidity();
        } finally {
            folder.close(false);
        }
    }

    /** The bytes the server serves for a message, to compare against. */
    public byte[] bytes(String folderName, long uid) throws MessagingException, IOException {
        Folder folder = open(folderName);
        try {
            Message message = ((UIDFolder) folder).getMessageByUID(uid);
            if (message == null) {
                throw new AssertionError("no UID " + uid + " in " + folderName);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } finally {
            folder.close(false);
        }
    }

    /** Whether the server advertised this capability after login. */
    public boolean hasCapability(String capability) throws MessagingException {
        return ((IMAPStore) store).hasCapability(capability);
    }

    private Folder open(String folderName) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        folder.open(Folder.READ_ONLY);
        return folder;
    }

    private static Set<String> names(Flags flags) {
        Set<String> names = new TreeSet<>(Arrays.asList(flags.getUserFlags()));
        for (Flags.Flag flag : flags.getSystemFlags()) {
            names.add(flag == Flags.Flag.SEEN ? "\\Seen" : flag == Flags.Flag.DELETED ? "\\Deleted"
                    : flag == Flags.Flag.ANSWERED ? "\\Answered" : flag == Flags.Flag.FLAGGED ? "\\Flagged"
                    : flag == Flags.Flag.DRAFT ? "\\Draft" : flag == Flags.Flag.RECENT ? "\\Recent" : "\\User");
        }
        return names;
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
