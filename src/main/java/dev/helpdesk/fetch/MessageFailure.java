package dev.helpdesk.fetch;

/** A failure while handling one server message, naming it so the admin can find it. */
final class MessageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MessageFailure(String folder, long uid, String what, Throwable cause) {
        super("UID " + uid + " in folder \"" + folder + "\": " + what, cause);
    }
}
