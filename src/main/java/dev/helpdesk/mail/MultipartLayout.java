package dev.helpdesk.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the parts of a multipart body lie (RFC 2046 section 5.1.1), found the lenient way in one pass:
 * a delimiter line is "--" and the boundary followed by nothing, blanks, "--" or any text after a blank;
 * a boundary that is declared but never used, or not declared at all, is taken from the first "--" line;
 * a missing closing delimiter ends the last part at the end of the body. Preamble and epilogue are ignored.
 */
record MultipartLayout(List<Slice> parts) {
    private static final int KEEP = 1024;

    /** Offsets of one part inside the multipart body. */
    record Slice(long start, long end) {
    }

    /** The parts, or empty when no delimiter line at all could be found. */
    static Optional<MultipartLayout> find(Content body, Optional<String> declared, DecodeNotes notes)
            throws IOException {
        Candidate first = null;
        if (declared.isPresent() && !declared.get().isEmpty()) {
            Scan scan = scan(body, 0, declared.get());
            if (!scan.delimiters.isEmpty()) {
                return Optional.of(scan.layout(body.size(), notes));
            }
            first = scan.firstCandidate;
        } else {
            first = scan(body, 0, null).firstCandidate;
        }
        if (first == null) {
            return Optional.empty();
        }
        notes.add(declared.isPresent() ? "the declared boundary never appears; parts split at the \"--"
                + first.boundary + "\" lines" : "no boundary declared; parts split at the \"--" + first.boundary
                + "\" lines");
        return Optional.of(scan(body, first.offset, first.boundary).layout(body.size(), notes));
    }

    private record Candidate(long offset, String boundary) {
    }

    private record Delimiter(long lineStart, long lineEnd, int precedingBreak, boolean close) {
    }

    private static final class Scan {
        final List<Delimiter> delimiters = new ArrayList<>();
        Candidate firstCandidate;

        MultipartLayout layout(long size, DecodeNotes notes) {
            List<Slice> parts = new ArrayList<>();
            for (int i = 0; i < delimiters.size(); i++) {
                Delimiter d = delimiters.get(i);
                if (d.close) {
                    break;
                }
                if (i + 1 < delimiters.size()) {
                    Delimiter next = delimiters.get(i + 1);
                    parts.add(new Slice(d.lineEnd, Math.max(d.lineEnd, next.lineStart - next.precedingBreak)));
                } else {
                    notes.add("the multipart has no closing boundary; its last part runs to the end");
                    parts.add(new Slice(d.lineEnd, size));
                }
            }
            return new MultipartLayout(parts);
        }
    }

    /** One pass from {@code from}: delimiter lines of {@code boundary} (may be null), and the first candidate. */
    private static Scan scan(Content body, long from, String boundary) throws IOException {
        Scan scan = new Scan();
        byte[] exact = boundary == null ? null : ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] trimmed = boundary == null ? null : ("--" + boundary.stripTrailing()).getBytes(StandardCharsets.ISO_8859_1);
        int previousBreak = 0;
        try (Lines lines = new Lines(body, KEEP)) {
            while (lines.next()) {
                if (lines.start() >= from && lines.headLength() >= 3 && lines.head()[0] == '-' && lines.head()[1] == '-') {
                    int kind = exact == null ? -1 : match(lines, exact);
                    if (kind < 0 && trimmed != null && trimmed.length != exact.length) {
                        kind = match(lines, trimmed);
                    }
                    if (kind >= 0) {
                        scan.delimiters.add(new Delimiter(lines.start(), lines.end(),
                                lines.start() == from ? 0 : previousBreak, kind == 1));
                        if (kind == 1) {
                            break;
                        }
                    } else if (scan.firstCandidate == null && !allDashes(lines)) {
                        String candidate = new String(lines.head(), 2, lines.headLength() - 2,
                                StandardCharsets.ISO_8859_1).strip();
                        if (!candidate.isEmpty() && lines.headLength() < KEEP) {
                            scan.firstCandidate = new Candidate(lines.start(), candidate);
                        }
                    }
                }
                previousBreak = (int) (lines.end() - lines.contentEnd());
            }
        }
        return scan;
    }

    /** -1: not this boundary; 0: a delimiter; 1: the closing delimiter. */
    private static int match(Lines line, byte[] delimiter) {
        if (!line.startsWith(delimiter)) {
            return -1;
        }
        int rest = line.headLength() - delimiter.length;
        if (rest == 0) {
            return 0;
        }
        byte next = line.head()[delimiter.length];
        if (next == '-' && rest >= 2 && line.head()[delimiter.length + 1] == '-') {
            return 1;
        }
        return next == ' ' || next == '\t' ? 0 : -1; // any other character makes it a longer boundary
    }

    private static boolean allDashes(Lines line) {
        for (int i = 0; i < line.headLength(); i++) {
            if (line.head()[i] != '-') {
                return false;
            }
        }
        return true;
    }
}
