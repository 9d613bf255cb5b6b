package dev.helpdesk.mail;

/** A message on the server known by its UID and its size in bytes (RFC822.SIZE), before its body is read. */
public record MessageRef(long uid, long size) {
    public MessageRef {
        UidSet.requireUid(uid);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for UID " + uid);
        }
    }
}
