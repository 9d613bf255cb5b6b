package dev.helpdesk.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Compact IMAP UID sets such as {@code 3:5,9}, split so no command line grows past what servers accept. */
final class UidSet {
    /** IMAP UIDs are unsigned 32-bit numbers above zero. */
    static final long MAX_UID = 0xFFFF_FFFFL;

    /** Servers commonly reject command lines over 8 KB; stay well below. */
    private static final int MAX_CHARS = 4000;

    private UidSet() {}

    static long requireUid(long uid) {
        if (uid < 1 || uid > MAX_UID) {
            throw new IllegalArgumentException("not an IMAP UID: " + uid);
        }
        return uid;
    }

    /** The UIDs, sorted and de-duplicated, as one or more sets such as {@code 1:3,7}; empty for no UIDs. */
    static List<String> batches(Collection<Long> uids) {
        TreeSet<Long> sorted = new TreeSet<>();
        for (Long uid : uids) {
            sorted.add(requireUid(uid));
        }
        List<String> batches = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        long start = -1;
        long end = -1;
        for (long uid : sorted) {
            if (uid == end + 1) {
                end = uid;
                continue;
            }
            if (start > 0) {
                append(batches, current, start, end);
            }
            start = uid;
            end = uid;
        }
        if (start > 0) {
            append(batches, current, start, end);
        }
        if (current.length() > 0) {
            batches.add(current.toString());
        }
        return batches;
    }

    /** The UIDs a set such as {@code 3:5,9} names, ascending. */
    static List<Long> uids(String set) {
        List<Long> uids = new ArrayList<>();
        for (String range : set.split(",")) {
            int colon = range.indexOf(':');
            long from = Long.parseLong(colon < 0 ? range : range.substring(0, colon));
            long to = colon < 0 ? from : Long.parseLong(range.substring(colon + 1));
            for (long uid = Math.min(from, to); uid <= Math.max(from, to); uid++) {
                uids.add(uid);
            }
        }
        return uids;
    }

    private static void append(List<String> batches, StringBuilder current, long start, long end) {
        String range = start == end ? Long.toString(start) : start + ":" + end;
        if (current.length() > 0 && current.length() + 1 + range.length() > MAX_CHARS) {
            batches.add(current.toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            current.append(',');
        }
        current.append(range);
    }
}
