package dev.helpdesk.mail;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A multipart part's content, transfer-decoded, under a cleaned-up content type: what Jakarta's parser splits. */
record PartSource(MimePart part, String contentType, String transferEncoding, DecodeNotes notes)
        implements DataSource {

    /** The part's content as it stands in the message, transfer encoding and all. */
    static InputStream rawStream(MimePart part) throws MessagingException {
        if (part instanceof MimeBodyPart body) {
            return body.getRawInputStream();
        }
        return ((MimeMessage) part).getRawInputStream();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        try {
            InputStream raw = rawStream(part);
            if (TransferDecoding.isIdentity(transferEncoding)) {
                return raw; // shared with the message's bytes, not copied
            }
            try (raw) {
                byte[] decoded = TransferDecoding.decode(raw.readAllBytes(), transferEncoding, notes);
                return new SharedByteArrayInputStream(decoded);
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
