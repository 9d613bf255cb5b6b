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
    /** Long enough for any note with a sane label or name in it. */
    private static final int MAX_LENGTH = 300;
    private static final int KEPT_END = 80;

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
        String full = clean(where.isEmpty() ? note : where + ": " + note);
        if (notes.size() < MAX_NOTES || notes.contains(full)) {
            notes.add(full);
        } else {
            leftOut[0]++;
        }
    }

    /**
     * Notes are stored one per line and quote untrusted text (charset labels, names, parser errors) that may be
     * a megabyte long: control characters become blanks, and a note longer than {@link #MAX_LENGTH} loses its
     * middle, keeping the end that says what was done ("; read as windows-1252").
     */
    private static String clean(String note) {
        StringBuilder out = new StringBuilder(Math.min(note.length(), MAX_LENGTH + 1));
        if (note.length() <= MAX_LENGTH) {
            appendClean(out, note, 0, note.length());
        } else {
            int head = MAX_LENGTH - KEPT_END;
            int tail = note.length() - KEPT_END;
            appendClean(out, note, 0, Character.isHighSurrogate(note.charAt(head - 1)) ? head - 1 : head);
            out.append('\u2026');
            appendClean(out, note, Character.isLowSurrogate(note.charAt(tail)) ? tail + 1 : tail, note.length());
        }
        return out.toString();
    }

    private static void appendClean(StringBuilder out, String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
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
