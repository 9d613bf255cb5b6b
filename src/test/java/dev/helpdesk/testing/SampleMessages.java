package dev.helpdesk.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Test messages with exact bytes: CRLF line ends, distinct per number, any size (a fixed seed keeps them stable). */
public final class SampleMessages {
    private SampleMessages() {}

    /** A CRLF message of about {@code size} bytes with random base64 lines, distinct per number. */
    public static byte[] numbered(int number, int size) {
        StringBuilder text = new StringBuilder("From: Customer " + number + " <c" + number + "@example.org>\r\n"
                + "To: support@example.com\r\nSubject: Message " + number + "\r\n"
                + "Message-ID: <" + number + ".proxy@example.org>\r\nMIME-Version: 1.0\r\n\r\n");
        Random random = new Random(number);
        byte[] line = new byte[57];
        while (text.length() < size) {
            random.nextBytes(line);
            text.append(Base64.getEncoder().encodeToString(line)).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
