package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import dev.helpdesk.cli.Main;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 50 MB message drains in a child JVM limited to a 128 MB heap (the launcher's default), and the mailbox
 * after it is drained too: the raw message is spooled in pieces, parsed and decoded as streams, and written
 * to the store a megabyte at a time.
 */
@Tag("process")
@Timeout(300)
class BigMessageProcessTest {
    private static final int ATTACHMENT = 36_800_000; // base64 makes the message just over 50 MB

    @TempDir
    Path dir;

    @Test
    void aFiftyMegabyteMessageDrainsAtA128MegabyteHeapAndTheNextMailboxToo() throws Exception {
        byte[] attachment = new byte[ATTACHMENT];
        new Random(42).nextBytes(attachment);
        byte[] raw = bigMessage(attachment);
        assertTrue(raw.length > 50_000_000, "message size " + raw.length);
        try (DemoMailServer server = new DemoMailServer()) {
            server.user().deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
            GreenMailUser small = server.greenMail().setUser("small@example.com", "small@example.com",
                    DemoMailServer.PASSWORD);
            for (int i = 1; i <= 2; i++) {
                small.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                        ("From: c" + i + "@example.org\r\nSubject: small " + i + "\r\nMessage-ID: <s" + i
                                + "@example.org>\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII))));
            }
            Path password = dir.resolve("password");
            Files.writeString(password, DemoMailServer.PASSWORD);
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            Path config = dir.resolve("config.json");
            Files.writeString(config, """
                    { "dataDir": "%s",
                      "limits": { "maxMessageSize": "60MB", "maxAttachmentSize": "60MB" },
                      "mailboxes": [
                        { "name": "big", "host": "127.0.0.1", "port": %d, "security": "none",
                          "username": "support@example.com", "password": { "file": "%s" } },
                        { "name": "small", "host": "127.0.0.1", "port": %d, "security": "none",
                          "username": "small@example.com", "password": { "file": "%s" } } ] }
                    """.formatted(dir.resolve("data"), server.port(), password, server.port(), password));

            try (ChildJvm fetch = ChildJvm.start(List.of("-Xmx128m"), Main.class, "--config", config.toString(),
                    "fetch")) {
                String first = fetch.nextLine();
                String second = fetch.nextLine();
                int code = fetch.awaitExit();
                assertEquals(0, code, first + "\n" + second + "\n" + fetch.stderr());
                assertTrue(first.startsWith("big: 1 new"), first + "\n" + fetch.stderr());
                assertTrue(second.startsWith("small: 2 new"), second);
            }
        }
        try (Store store = new DataDir(dir.resolve("data")).openStore("test")) {
            assertEquals(raw.length, (long) store.inTransaction(tx -> tx.count(
                    "SELECT size FROM messages WHERE mailbox = 'big'")));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(attachment));
            assertEquals(ATTACHMENT, (long) store.inTransaction(tx -> tx.count(
                    "SELECT size FROM blobs WHERE sha256 = ?", sha)), "the attachment's exact bytes are stored");
            assertEquals(ATTACHMENT, (long) store.inTransaction(tx -> tx.count(
                    "SELECT sum(length(data)) FROM blob_chunks WHERE blob_id = (SELECT id FROM blobs WHERE sha256 = ?)",
                    sha)));
        }
    }

    private static byte[] bigMessage(byte[] attachment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(attachment.length * 4 / 3 + 4096);
        out.writeBytes(("From: Big Sender <big@example.org>\r\nTo: support@example.com\r\nSubject: the scan you asked"
                + " for\r\nMessage-ID: <big-scan@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;"
                + " boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere is the scan.\r\n"
                + "--b\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"scan.pdf\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Base64.getMimeEncoder().encode(attachment));
        out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
