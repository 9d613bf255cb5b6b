package dev.helpdesk.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Raw test messages: generated ones with CRLF line ends, and .eml files under src/test/resources/mail. */
final class TestMessages {
    private TestMessages() {}

    /** A small plain-text message whose Message-ID and body carry {@code n}. */
    static byte[] numbered(int n) {
        return crlf("From: Customer " + n + " <customer" + n + "@example.org>\n"
                + "To: support@example.com\n"
                + "Subject: Question " + n + "\n"
                + "Message-ID: <q" + n + "@example.org>\n"
                + "Date: Mon, 2 Mar 2026 10:00:00 +0000\n"
                + "\n"
                + "Hello, this is question " + n + ".\n");
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = TestMessages.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /mail/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
