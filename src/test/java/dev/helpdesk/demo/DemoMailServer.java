package dev.helpdesk.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The demo's mail server: GreenMail IMAP on a free loopback port, seeded with a small support
 * scenario from {@code src/test/resources/demo}. Test scope on purpose, so GreenMail never ships in
 * the product jar. Prints {@code READY <port> <messages>} and serves until its stdin closes.
 */
public final class DemoMailServer implements AutoCloseable {
    public static final String USER = "support@example.com";
    public static final String PASSWORD = "demo-password";
    public static final List<String> SCENARIO = List.of("01-customer-question.eml", "02-our-reply.eml",
            "03-customer-followup.eml", "04-non-ascii-subject.eml", "05-with-attachment.eml", "06-auto-reply.eml");
    /**
     * Only scripts/demo adds these (tests count on the scenario as it is): they continue the German
     * conversation, so that one `conversations show` has our reply, an auto-reply and an attachment.
     */
    public static final List<String> DEMO_ONLY = List.of("07-our-reply-in-german.eml", "08-auto-reply-in-thread.eml",
            "09-reply-with-statement.eml");

    private final GreenMail greenMail;
    private final GreenMailUser user;

    public DemoMailServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        user = greenMail.setUser(USER, USER, PASSWORD);
    }

    public int port() {
        return greenMail.getImap().getPort();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    /** Delivers one raw message from the test resources to the support mailbox's INBOX. */
    public void deliver(String resource) {
        try (InputStream in = DemoMailServer.class.getResourceAsStream("/demo/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no demo message " + resource);
            }
            user.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new UncheckedIOException(new IOException("could not deliver " + resource, e));
        }
    }

    /** Delivers one raw message, given as its text (UTF-8), to the support mailbox's INBOX. */
    public void deliverText(String raw) {
        try {
            user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        } catch (jakarta.mail.MessagingException e) {
            throw new UncheckedIOException(new IOException("could not deliver a message", e));
        }
    }

    public GreenMailUser user() {
        return user;
    }

    public void seedScenario() {
        SCENARIO.forEach(this::deliver);
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    public static void main(String[] args) throws IOException {
        try (DemoMailServer server = new DemoMailServer()) {
            server.seedScenario();
            DEMO_ONLY.forEach(server::deliver);
            System.out.println("READY " + server.port() + " " + (SCENARIO.size() + DEMO_ONLY.size()));
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the demo script closes our stdin
            }
        }
    }
}
