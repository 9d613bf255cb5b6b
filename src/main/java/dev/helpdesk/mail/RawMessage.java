package dev.helpdesk.mail;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message's exact bytes as the server holds them, with its UID. The array is not copied (messages can be
 * tens of megabytes), so callers must not modify it.
 */
public record RawMessage(long uid, byte[] bytes) {
    public RawMessage {
        UidSet.requireUid(uid);
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawMessage that && uid == that.uid && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(uid) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawMessage[uid=" + uid + ", " + bytes.length + " bytes]";
    }
}
