package dev.helpdesk.mail;

/** A message on the server known by its UID and its size in bytes (RFC822.SIZE), before its body is read. */
public record MessageRef(long uid, long size) {
    /** IMAP UIDs are unsigned 32-bit numbers above zero. */
    public static final long MAX_UID = UidSet.MAX_UID;

    public MessageRef {
        UidSet.requireUid(uid);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for UID " + uid);
        }
    }
}
