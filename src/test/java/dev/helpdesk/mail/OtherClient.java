package dev.helpdesk.mail;

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
import java.util.List;
import java.util.Properties;

/**
 * A second, plain Jakarta Mail client on the same GreenMail account: the person reading the support mailbox
 * in Thunderbird, used to seed messages and to check flags independently of the code under test.
 */
final class OtherClient implements AutoCloseable {
    private final Store store;

    OtherClient(String host, int port, String login, String password) throws MessagingException {
        store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(host, port, login, password);
    }

    /** Appends raw messages in order, so they get ascending UIDs; creates the folder when missing. */
    void append(String folderName, byte[]... raws) throws MessagingException {
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

    List<Long> uids(String folderName) throws MessagingException {
        Folder folder = open(folderName, Folder.READ_ONLY);
        try {
            List<Long> uids = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                uids.add(((UIDFolder) folder).getUID(m));
            }
            return uids;
        } finally {
            folder.close(false);
        }
    }

    boolean exists(String folderName) throws MessagingException {
        return store.getFolder(folderName).exists();
    }

    boolean hasFlag(String folderName, long uid, Flags.Flag flag) throws MessagingException {
        Folder folder = open(folderName, Folder.READ_ONLY);
        try {
            return ((UIDFolder) folder).getMessageByUID(uid).isSet(flag);
        } finally {
            folder.close(false);
        }
    }

    void setFlag(String folderName, long uid, Flags.Flag flag) throws MessagingException {
        Folder folder = open(folderName, Folder.READ_WRITE);
        try {
            ((UIDFolder) folder).getMessageByUID(uid).setFlag(flag, true);
        } finally {
            folder.close(false);
        }
    }

    /** Deletes and expunges one message, as a person emptying the trash would. */
    void expunge(String folderName, long uid) throws MessagingException {
        Folder folder = open(folderName, Folder.READ_WRITE);
        ((UIDFolder) folder).getMessageByUID(uid).setFlag(Flags.Flag.DELETED, true);
        folder.close(true);
    }

    long uidValidity(String folderName) throws MessagingException {
        Folder folder = open(folderName, Folder.READ_ONLY);
        try {
            return ((UIDFolder) folder).getUIDValidity();
        } finally {
            folder.close(false);
        }
    }

    /** The bytes the server sends this client for a message, to compare against. */
    byte[] serverBytes(String folderName, long uid) throws MessagingException, IOException {
        Folder folder = open(folderName, Folder.READ_ONLY);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ((UIDFolder) folder).getMessageByUID(uid).writeTo(out);
            return out.toByteArray();
        } finally {
            folder.close(false);
        }
    }

    private Folder open(String folderName, int mode) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        folder.open(mode);
        return folder;
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
