package dev.helpdesk.mail;

/** One logged-in IMAP connection to a mailbox; open its folders one after another, then close it. */
public interface MailSession extends AutoCloseable {

    /** Whether the server advertises MOVE, so {@link FolderSession#moveTo} is a single atomic command. */
    boolean supportsMove();

    /**
     * Selects a folder read-write.
     *
     * @throws MailException {@link MailException.Kind#FOLDER} when it does not exist or opens read-only
     */
    FolderSession open(String folder);

    /** Logs out; never throws. Open folders are closed without expunging. */
    @Override
    void close();
}
