package dev.helpdesk.mail;

/** One logged-in IMAP connection to a mailbox; open its folders one after another, then close it. */
public interface MailSession extends AutoCloseable {

    /** The extensions that decide whether {@link FolderSession#moveTo} and {@link FolderSession#delete} can work. */
    ServerCapabilities capabilities();

    /** {@code host:port (security)}, the way messages name the server. */
    String describe();

    /** Whether a folder of that name exists (LIST). */
    boolean folderExists(String name);

    /**
     * Creates a folder.
     *
     * @throws MailException {@link MailException.Kind#FOLDER} when the server will not create it
     */
    void createFolder(String name);

    /**
     * Selects a folder read-write.
     *
     * @throws MailException {@link MailException.Kind#FOLDER} when it does not exist or opens read-only
     */
    FolderSession open(String folder);

    /**
     * Ends the connection at once, from any thread: whatever runs on it fails with a lost connection. For a
     * lease that is lost, or a deadline that passed in the middle of a FETCH.
     */
    void abort();

    /** Logs out; never throws. Open folders are closed without expunging. */
    @Override
    void close();
}
