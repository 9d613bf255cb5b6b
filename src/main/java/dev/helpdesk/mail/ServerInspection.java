package dev.helpdesk.mail;

import java.util.List;

/**
 * A logged-in connection that only looks, for {@code helpdesk mailbox test}: how the login went, what the server
 * offers, which folders exist, and each folder's counters by EXAMINE (never SELECT: no flag, no expunge, no
 * \Recent taken from another client). Nothing here changes anything on the server.
 */
public interface ServerInspection extends AutoCloseable {

    /** {@code host:port (security)}, the way messages name the server. */
    String describe();

    /** How the login was made: {@code AUTHENTICATE PLAIN}, {@code LOGIN}, {@code AUTHENTICATE XOAUTH2}, ... */
    String loginMechanism();

    /** The capabilities advertised before login, upper-cased: the AUTH= mechanisms are among them. */
    List<String> capabilitiesBeforeLogin();

    /** The capabilities after login, upper-cased: what decides how mail can be moved or deleted. */
    List<String> capabilities();

    /** MOVE and UIDPLUS as the drain sees them (and ActionCheck judges them). */
    ServerCapabilities extensions();

    /** Every folder the account can see (LIST "" "*"). */
    List<String> folders();

    boolean folderExists(String name);

    /**
     * EXAMINEs a folder and counts the messages above a UID.
     *
     * @param aboveUid count the messages with a greater UID (0: all)
     * @throws MailException FOLDER when it does not exist or cannot be examined
     */
    Examined examine(String folder, long aboveUid);

    /** Logs out; never throws. */
    @Override
    void close();

    /** A folder's counters as EXAMINE reported them, and how many messages lie above the UID asked about. */
    record Examined(int messages, long uidValidity, long uidNext, int above) {
    }
}
