package dev.helpdesk.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults of one scope of a {@link FaultProxy}, every connection or only its Nth. Setters may be called
 * while traffic flows: each response and each slice of bytes reads the current settings.
 */
public final class ProxyFaults {
    /** What happens to one UID's {@code BODY[]} item; one per UID, the last one set wins. */
    sealed interface BodyFault permits Refuse, Nil, NoItem, Stall, Cut {}

    /** The command is answered NO; {@code remaining} counts the commands still to refuse, negative forever. */
    record Refuse(String text, AtomicInteger remaining) implements BodyFault {
        /** True when this command is to be refused, using up one of the refusals. */
        boolean take() {
            return remaining.get() < 0 || remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
        }
    }

    record Nil() implements BodyFault {}

    record NoItem() implements BodyFault {}

    record Stall() implements BodyFault {}

    record Cut(int afterBytes) implements BodyFault {}

    private final Map<Long, BodyFault> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> commands = new ConcurrentHashMap<>();
    private volatile int bytesPerSecond;
    private volatile long stallAfter = -1;
    private volatile long cutAfter = -1;

    ProxyFaults() {}

    /**
     * Every {@code UID FETCH} of {@code BODY[]} or {@code BODY.PEEK[]} (partial pieces too) whose UID set includes
     * {@code uid} loses that message's FETCH response and ends in {@code <tag> NO taggedNoText} instead of OK.
     */
    public ProxyFaults refuseBody(long uid, String taggedNoText) {
        return refuse(uid, taggedNoText, -1);
    }

    /** As {@link #refuseBody(long, String)} for the next {@code times} such commands only; then served again. */
    public ProxyFaults refuseBody(long uid, String taggedNoText, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("refuse at least once: " + times);
        }
        return refuse(uid, taggedNoText, times);
    }

    /**
     * Every command starting with {@code prefix} (case-insensitive, e.g. {@code "UID MOVE"} or {@code "UID STORE"})
     * is answered {@code <tag> NO taggedNoText}; the server never sees it (it gets a NOOP under that tag), so
     * nothing changes there, as when a server refuses an action for quota or rights.
     */
    public ProxyFaults refuseCommand(String prefix, String taggedNoText) {
        if (taggedNoText.contains("\r") || taggedNoText.contains("\n")) {
            throw new IllegalArgumentException("a tagged response is one line: " + taggedNoText);
        }
        commands.put(prefix.toUpperCase(java.util.Locale.ROOT), taggedNoText);
        return this;
    }

    /** The refusal for a command, if one of the {@link #refuseCommand} prefixes matches it. */
    String commandRefusal(String command) {
        String upper = command.toUpperCase(java.util.Locale.ROOT);
        return commands.entrySet().stream().filter(e -> upper.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The message's FETCH response carries {@code BODY[] NIL} instead of its literal. */
    public ProxyFaults nilBody(long uid) {
        return body(uid, new Nil());
    }

    /** The message's FETCH response keeps UID and the other items but has no {@code BODY[]} item at all. */
    public ProxyFaults noBodyItem(long uid) {
        return body(uid, new NoItem());
    }

    /** Paces server-to-client bytes at this rate per connection, in tenth-of-a-second slices; 0 turns it off. */
    public ProxyFaults throttle(int bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * Holds server-to-client data once a connection has forwarded this many bytes (counted from its start)
     * until {@link FaultProxy#release()}; the sockets stay open.
     */
    public ProxyFaults stallAfter(long bytes) {
        this.stallAfter = requireCount(bytes);
        return this;
    }

    /** Holds server-to-client data where the message's body literal starts, until {@link FaultProxy#release()}. */
    public ProxyFaults stallOnBodyOf(long uid) {
        return body(uid, new Stall());
    }

    /** Closes both sockets after forwarding {@code afterBytes} of the message's body literal. */
    public ProxyFaults cutInLiteralOf(long uid, int afterBytes) {
        return body(uid, new Cut(Math.toIntExact(requireCount(afterBytes))));
    }

    /** Closes both sockets once a connection has forwarded this many server-to-client bytes. */
    public ProxyFaults cutAfter(long bytes) {
        this.cutAfter = requireCount(bytes);
        return this;
    }

    /** Removes every fault of this scope. */
    public ProxyFaults clear() {
        bodies.clear();
        commands.clear();
        bytesPerSecond = 0;
        stallAfter = -1;
        cutAfter = -1;
        return this;
    }

    BodyFault body(long uid) {
        return bodies.get(uid);
    }

    boolean hasBodyFaults() {
        return !bodies.isEmpty();
    }

    Map<Long, BodyFault> bodies() {
        return bodies;
    }

    int bytesPerSecond() {
        return bytesPerSecond;
    }

    long stallAfter() {
        return stallAfter;
    }

    long cutAfter() {
        return cutAfter;
    }

    /** What {@link FaultProxy#release()} undoes: a stall must not catch the same connection again. */
    void clearStalls() {
        stallAfter = -1;
        bodies.values().removeIf(fault -> fault instanceof Stall);
    }

    private ProxyFaults refuse(long uid, String text, int times) {
        if (text.contains("\r") || text.contains("\n")) {
            throw new IllegalArgumentException("a tagged response is one line: " + text);
        }
        return body(uid, new Refuse(text, new AtomicInteger(times)));
    }

    private ProxyFaults body(long uid, BodyFault fault) {
        if (uid < 1) {
            throw new IllegalArgumentException("UIDs start at 1: " + uid);
        }
        bodies.put(uid, fault);
        return this;
    }

    private static long requireCount(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        return bytes;
    }
}
