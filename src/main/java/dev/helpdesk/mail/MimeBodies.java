package dev.helpdesk.mail;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the first text/plain and text/html bodies of a message that are not attachments, decoding them with
 * lenient rules: unknown transfer encodings are read as is, broken base64 as far as it goes, charsets through
 * {@link TextDecoding}. Attached messages (message/rfc822) are not searched: their text is not this body.
 */
final class MimeBodies {
    private static final int MAX_DEPTH = 32;
    private static final Pattern TYPE = Pattern.compile("^\\s*([\\w.+-]+/[\\w.+-]+)");
    private static final Pattern CHARSET = Pattern.compile("(?i)\\bcharset\\s*=\\s*\"?([^\";\\s]+)");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)\\bboundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private String text;
    private String html;

    private MimeBodies() {}

    /**
     * @throws MessagingException when the MIME structure itself is broken, e.g. a multipart whose boundary
     *     never appears, or parts nested absurdly deep
     */
    static MimeBodies of(MimePart message) throws MessagingException, IOException {
        MimeBodies bodies = new MimeBodies();
        bodies.walk(message, 0);
        return bodies;
    }

    Optional<String> text() {
        return Optional.ofNullable(text);
    }

    Optional<String> html() {
        return Optional.ofNullable(html);
    }

    private void walk(MimePart part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MessagingException("MIME parts are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (isAttachment(part)) {
            return;
        }
        String contentType = part.getHeader("Content-Type", null);
        String type = baseType(contentType);
        if (type.startsWith("multipart/")) {
            MimeMultipart multipart = new MimeMultipart(new Source(part, cleanMultipartType(type, contentType)));
            for (int i = 0; i < multipart.getCount(); i++) {
                walk((MimePart) multipart.getBodyPart(i), depth + 1);
            }
        } else if (type.equals("text/plain") && text == null) {
            text = read(part, contentType);
        } else if (type.equals("text/html") && html == null) {
            html = read(part, contentType);
        }
    }

    private static boolean isAttachment(MimePart part) throws MessagingException {
        String disposition = part.getHeader("Content-Disposition", null);
        return disposition != null && disposition.strip().toLowerCase(Locale.ROOT).startsWith(Part.ATTACHMENT);
    }

    /** The lower-case type/subtype, text/plain when missing or unreadable (RFC 2045 section 5.2). */
    static String baseType(String contentType) {
        Matcher m = contentType == null ? null : TYPE.matcher(HeaderDecoding.unfold(contentType));
        return m != null && m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "text/plain";
    }

    /** Only type and boundary, quoted, so sloppy parameters elsewhere cannot fail the strict parser. */
    private static String cleanMultipartType(String type, String contentType) {
        Matcher m = BOUNDARY.matcher(HeaderDecoding.unfold(contentType));
        if (!m.find()) {
            return type; // Angus then takes the boundary from the first "--" line
        }
        return type + "; boundary=\"" + (m.group(1) != null ? m.group(1) : m.group(2)) + "\"";
    }

    private static String read(MimePart part, String contentType) throws MessagingException, IOException {
        Matcher charset = CHARSET.matcher(contentType == null ? "" : HeaderDecoding.unfold(contentType));
        String declared = charset.find() ? charset.group(1) : null;
        return TextDecoding.decode(decodedBytes(part), declared);
    }

    private static byte[] decodedBytes(MimePart part) throws MessagingException, IOException {
        InputStream decoded;
        try {
            decoded = part.getInputStream();
        } catch (MessagingException unknownTransferEncoding) {
            return rawBytes(part);
        }
        try (decoded) {
            return decoded.readAllBytes();
        } catch (IOException brokenEncoding) {
            String encoding = part.getEncoding();
            if (encoding != null && encoding.strip().equalsIgnoreCase("base64")) {
                return TextDecoding.lenientBase64(rawBytes(part));
            }
            throw brokenEncoding;
        }
    }

    private static byte[] rawBytes(MimePart part) throws MessagingException, IOException {
        try (InputStream raw = rawStream(part)) {
            return raw.readAllBytes();
        }
    }

    private static InputStream rawStream(MimePart part) throws MessagingException {
        if (part instanceof MimeBodyPart body) {
            return body.getRawInputStream();
        }
        return ((MimeMessage) part).getRawInputStream();
    }

    /** A part's transfer-decoded content under a cleaned-up multipart content type. */
    private record Source(MimePart part, String contentType) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            try {
                try {
                    return part.getInputStream();
                } catch (MessagingException unknownTransferEncoding) {
                    return rawStream(part);
                }
            } catch (MessagingException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return "";
        }
    }
}
