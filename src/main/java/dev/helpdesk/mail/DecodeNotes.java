package dev.helpdesk.mail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fallbacks taken while decoding one message ("charset "x-unknown" unknown; read as windows-1252"), each
 * said once and prefixed with where it happened, so a garbled result can be explained later.
 */
final class DecodeNotes {
    /** Hostile input could produce a note per part; past this many the rest are counted, not kept. */
    private static final int MAX_NOTES = 50;

    private final Set<String> notes;
    private final int[] leftOut;
    private final String where;

    DecodeNotes() {
        this(new LinkedHashSet<>(), new int[1], "");
    }

    private DecodeNotes(Set<String> notes, int[] leftOut, String where) {
        this.notes = notes;
        this.leftOut = leftOut;
        this.where = where;
    }

    /** Notes into the same list, each prefixed with {@code where} (e.g. "Subject"). */
    DecodeNotes in(String where) {
        return new DecodeNotes(notes, leftOut, where);
    }

    void add(String note) {
        // Notes are stored one per line; what they quote (names, parser errors) is untrusted.
        String full = (where.isEmpty() ? note : where + ": " + note).replaceAll("\\p{Cntrl}", " ");
        if (notes.size() < MAX_NOTES || notes.contains(full)) {
            notes.add(full);
        } else {
            leftOut[0]++;
        }
    }

    List<String> list() {
        List<String> all = new ArrayList<>(notes);
        if (leftOut[0] > 0) {
            all.add(leftOut[0] + " more decoding notes left out");
        }
        return all;
    }
}
