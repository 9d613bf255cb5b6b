package dev.helpdesk.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What makes two copies of a message the same message although their bytes differ: every server on the way
 * adds trace fields (Received, Return-Path, Delivered-To ...), and stores line ends its own way. The content
 * hash leaves those fields out, turns every line end into CRLF and ignores line ends at the very end; a
 * different mail that merely reuses a Message-ID keeps a different content hash.
 */
public final class MessageIdentity {
    /** Fields added in transit or at delivery (RFC 5321 trace, RFC 8601, ARC, spam filters, local delivery). */
    static final Set<String> TRACE = Set.of("received", "return-path", "delivered-to", "x-original-to",
            "x-delivered-to", "envelope-to", "x-envelope-to", "x-envelope-from", "x-received",
            "x-original-arrival-time", "authentication-results", "arc-seal", "arc-message-signature",
            "arc-authentication-results", "received-spf", "x-google-smtp-source", "x-mailgun-incoming",
            "status", "x-status", "x-keywords", "x-uid", "x-mozilla-status", "x-mozilla-status2", "content-length",
            "lines", "x-imapbase", "x-imap");
    /** Families of delivery-time fields: spam and virus scanners, Exchange's and Gmail's own stamps. */
    static final List<String> TRACE_PREFIXES = List.of("x-spam-", "x-virus-", "x-rspamd-", "x-ms-exchange-",
            "x-forefront-antispam-", "x-microsoft-antispam", "x-gm-", "x-amavis-", "x-mimecast-", "x-proofpoint-",
            "x-barracuda-", "x-sophos-", "x-ham-");

    /** Field names are short; past this many bytes without a colon the line is no field at all. */
    private static final int NAME_KEEP = 256;

    private MessageIdentity() {}

    static boolean isTrace(String lowerCaseName) {
        if (TRACE.contains(lowerCaseName)) {
            return true;
        }
        for (String prefix : TRACE_PREFIXES) {
            if (lowerCaseName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The content hash of a message's raw bytes, in one pass over the stream and constant memory. */
    public static String contentSha256(InputStream raw) throws IOException {
        Hasher hasher = new Hasher();
        byte[] block = new byte[64 * 1024];
        for (int n; (n = raw.read(block)) > 0; ) {
            hasher.feed(block, 0, n);
        }
        return hasher.finish();
    }

    /** As for a stream, reading the content's blocks in place; like {@link Content#sha256()}, unchecked. */
    public static String contentSha256(Content raw) {
        Hasher hasher = new Hasher();
        try {
            raw.forEachBlock(hasher::feed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read spooled mail bytes: " + e.getMessage(), e);
        }
        return hasher.finish();
    }

    /**
     * A byte-at-a-time state machine. In the header section each line's start is held until its field name
     * is known (a colon, the line's end, or {@value #NAME_KEEP} bytes), then the line is hashed or, for a
     * trace field and its continuation lines, skipped. A CR right before LF is dropped and every LF hashed
     * as CRLF; in the body, line ends are held back so those at the very end do not count.
     */
    private static final class Hasher {
        private static final byte[] CRLF = {'\r', '\n'};

        private final Sha256 digest = new Sha256();
        private final byte[] start = new byte[NAME_KEEP];
        private int startLength;
        private boolean inHeaders = true;
        private boolean lineStart = true;
        private boolean decided;
        private boolean skipping;
        private boolean firstLine = true;
        private boolean carriageReturn;
        private int pendingBreaks;

        /** Body bytes between line ends are hashed as one run; everything else goes byte by byte. */
        void feed(byte[] bytes, int offset, int length) {
            int i = offset;
            int end = offset + length;
            while (i < end) {
                if (!inHeaders && !carriageReturn) {
                    int run = i;
                    while (run < end && bytes[run] != '\r' && bytes[run] != '\n') {
                        run++;
                    }
                    if (run > i) {
                        releaseBreaks();
                        digest.update(bytes, i, run - i);
                        i = run;
                        continue;
                    }
                }
                feed(bytes[i++]);
            }
        }

        void feed(byte b) {
            if (carriageReturn) {
                carriageReturn = false;
                if (b == '\n') {
                    lineEnd();
                    return;
                }
                data((byte) '\r');
            }
            if (b == '\r') {
                carriageReturn = true;
            } else if (b == '\n') {
                lineEnd();
            } else {
                data(b);
            }
        }

        /** Body line ends held back are hashed once more text follows them. */
        private void releaseBreaks() {
            for (; pendingBreaks > 0; pendingBreaks--) {
                digest.update(CRLF, 0, CRLF.length);
            }
        }

        private void data(byte b) {
            if (!inHeaders) {
                releaseBreaks();
                digest.update(b);
                return;
            }
            if (lineStart) {
                lineStart = false;
                if (b == ' ' || b == '\t') {
                    decided = true; // a continuation shares its field's fate
                } else {
                    decided = false;
                    startLength = 0;
                }
            }
            if (decided) {
                if (!skipping) {
                    digest.update(b);
                }
                return;
            }
            start[startLength++] = b;
            if (b == ':' || startLength == start.length) {
                decide();
            }
        }

        private void decide() {
            decided = true;
            String name = fieldName(start, startLength);
            skipping = name == null ? firstLine && (startsWith("From ") || startsWith(">From ")) : isTrace(name);
            firstLine = false;
            if (!skipping) {
                digest.update(start, 0, startLength);
            }
        }

        private void lineEnd() {
            if (!inHeaders) {
                pendingBreaks++;
                return;
            }
            if (lineStart) { // an empty line: the header section ends here
                inHeaders = false;
                digest.update(CRLF, 0, CRLF.length);
                return;
            }
            if (!decided) {
                decide();
            }
            if (!skipping) {
                digest.update(CRLF, 0, CRLF.length);
            }
            lineStart = true;
        }

        String finish() {
            if (carriageReturn) {
                carriageReturn = false;
                data((byte) '\r');
            }
            if (inHeaders && !lineStart && !decided) {
                decide();
            }
            return digest.hex();
        }

        private boolean startsWith(String prefix) {
            if (startLength < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (start[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The lower-case field name of a line's start, or null when it is not a field. */
    private static String fieldName(byte[] line, int length) {
        if (!HeaderSection.isField(line, 0, length)) {
            return null;
        }
        int i = 0;
        while (i < length && line[i] != ':' && line[i] != ' ' && line[i] != '\t') {
            i++;
        }
        return new String(line, 0, i, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
}
