package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpdesk.config.Security;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connecting and logging in: credentials, XOAUTH2, TLS checks and the ways a server can be unreachable. */
class ImapClientTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.IMAP, ServerSetupTest.IMAPS}));

    private final ImapClient client = new ImapClient();

    @BeforeEach
    void createAccount() {
        greenMail.setUser("support@example.com", "support", "secret");
    }

    private static ImapEndpoint endpoint(String host, int port, Security security) {
        return new ImapEndpoint(host, port, security, "support", Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static ImapEndpoint plainGreenMail() {
        return endpoint("127.0.0.1", greenMail.getImap().getPort(), Security.NONE);
    }

    @Test
    void logsInWithAPassword() {
        try (MailSession session = client.connect(plainGreenMail(), new Credential.Password("secret"))) {
            assertTrue(session.capabilities().move());
        }
    }

    @Test
    void wrongPasswordFailsAsAuthFailedWithTheServersReason() {
        MailException e = assertThrows(MailException.class,
                () -> client.connect(plainGreenMail(), new Credential.Password("wrong")));
        assertEquals(MailException.Kind.AUTH_FAILED, e.kind());
        assertTrue(e.getMessage().startsWith("IMAP login as support at 127.0.0.1:"), e.getMessage());
        // GreenMail's own words for a bad login:
        assertTrue(e.getMessage().contains("Invalid login/password"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the message must not echo the secret: " + e.getMessage());
    }

    @Test
    void accessTokenLogsInWithXOAuth2WhenTheServerAdvertisesIt() {
        // GreenMail accepts an XOAUTH2 bearer token equal to the user's password.
        try (MailSession session = client.connect(plainGreenMail(), new Credential.AccessToken("secret"));
                FolderSession inbox = session.open("INBOX")) {
            assertTrue(inbox.uidValidity() > 0);
        }
    }

    @Test
    void rejectedAccessTokenFailsAsAuthFailed() {
        MailException e = assertThrows(MailException.class,
                () -> client.connect(plainGreenMail(), new Credential.AccessToken("expired-token")));
        assertEquals(MailException.Kind.AUTH_FAILED, e.kind());
        assertTrue(e.getMessage().contains("token"), e.getMessage());
    }

    @Test
    void accessTokenIsNeverSentToAServerWithoutXOAuth2() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.withCapabilities("IMAP4rev1 AUTH=PLAIN AUTH=LOGIN")) {
            MailException e = assertThrows(MailException.class, () -> client.connect(
                    endpoint("127.0.0.1", server.port(), Security.NONE), new Credential.AccessToken("tok-123")));
            assertEquals(MailException.Kind.NO_XOAUTH2, e.kind());
            assertTrue(e.getMessage().contains("AUTH=LOGIN, AUTH=PLAIN"), e.getMessage());
            assertTrue(server.received().stream().noneMatch(line -> line.contains("tok-123")
                    || line.contains("LOGIN") || line.contains("AUTHENTICATE")), server.received().toString());
        }
    }

    /** Why the guard exists: plain Angus, asked for XOAUTH2, sends the token as a LOGIN password instead. */
    @Test
    void withoutTheGuardAngusWouldSendTheTokenAsALoginPassword() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.withCapabilities("IMAP4rev1 AUTH=PLAIN")) {
            Properties props = new Properties();
            props.setProperty("mail.imap.auth.mechanisms", "XOAUTH2");
            Store store = Session.getInstance(props).getStore("imap");
            assertThrows(jakarta.mail.AuthenticationFailedException.class,
                    () -> store.connect("127.0.0.1", server.port(), "support", "tok-123"));
            assertTrue(server.received().stream().anyMatch(line -> line.contains("LOGIN") && line.contains("tok-123")),
                    server.received().toString());
        }
    }

    @Test
    void hiddenXOAuth2OnGreenMailAlsoFailsAsNoXOAuth2() {
        ImapClient withoutXOAuth2 = new ImapClient(Set.of("AUTH=XOAUTH2"), null);
        MailException e = assertThrows(MailException.class,
                () -> withoutXOAuth2.connect(plainGreenMail(), new Credential.AccessToken("secret")));
        assertEquals(MailException.Kind.NO_XOAUTH2, e.kind());
    }

    @Test
    void closedPortIsUnreachableAtOnceNotAfterTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        long started = System.nanoTime();
        MailException e = assertThrows(MailException.class,
                () -> client.connect(new ImapEndpoint("127.0.0.1", port, Security.NONE, "support",
                        Duration.ofSeconds(30), Duration.ofSeconds(30)), new Credential.Password("secret")));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(MailException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertTrue(elapsedMs < 10_000, "a refusal is reported at once: took " + elapsedMs + " ms");
    }

    @Test
    void aServerThatNeverGreetsIsUnreachableAfterTheReadTimeout() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.silent()) {
            ImapEndpoint endpoint = new ImapEndpoint("127.0.0.1", server.port(), Security.NONE, "support",
                    Duration.ofMillis(500), Duration.ofMillis(500));
            long started = System.nanoTime();
            MailException e = assertThrows(MailException.class,
                    () -> client.connect(endpoint, new Credential.Password("secret")));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(MailException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
            assertTrue(elapsedMs < 10_000, "the read timeout ended the wait: took " + elapsedMs + " ms");
        }
    }

    @Test
    void sslRefusesAnUntrustedCertificate() {
        ImapEndpoint endpoint = endpoint("127.0.0.1", greenMail.getImaps().getPort(), Security.SSL);
        MailException e = assertThrows(MailException.class,
                () -> client.connect(endpoint, new Credential.Password("secret")));
        assertEquals(MailException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
    }

    @Test
    void sslRefusesATrustedCertificateThatDoesNotNameTheHost() throws Exception {
        // Trust exactly GreenMail's self-signed certificate; its CN is not a host name, so the host check must fail.
        ImapClient trusting = new ImapClient(Set.of(), trustingGreenMail());
        ImapEndpoint endpoint = endpoint("localhost", greenMail.getImaps().getPort(), Security.SSL);
        MailException e = assertThrows(MailException.class,
                () -> trusting.connect(endpoint, new Credential.Password("secret")));
        assertEquals(MailException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("does not name this host"), e.getMessage());
    }

    @Test
    void starttlsRequiredButNotOfferedIsUnreachable() {
        ImapEndpoint endpoint = endpoint("127.0.0.1", greenMail.getImap().getPort(), Security.STARTTLS);
        MailException e = assertThrows(MailException.class,
                () -> client.connect(endpoint, new Credential.Password("secret")));
        assertEquals(MailException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
    }

    @Test
    void propertiesCarryTimeoutsFetchSizePeekAndHostChecksButNoTrustOverride() {
        ImapEndpoint ssl = new ImapEndpoint("imap.example.com", 993, Security.SSL, "support",
                Duration.ofSeconds(7), Duration.ofSeconds(30));
        Properties props = client.properties(ssl, true);
        assertEquals("7000", props.getProperty("mail.imaps.connectiontimeout"));
        assertEquals("30000", props.getProperty("mail.imaps.timeout"));
        assertEquals("30000", props.getProperty("mail.imaps.writetimeout"));
        assertEquals("1048576", props.getProperty("mail.imaps.fetchsize"));
        assertEquals("true", props.getProperty("mail.imaps.peek"));
        assertEquals("true", props.getProperty("mail.imaps.ssl.checkserveridentity"));
        assertEquals("XOAUTH2", props.getProperty("mail.imaps.auth.mechanisms"));
        assertNull(props.getProperty("mail.imaps.partialfetch"));
        assertEquals("false", props.getProperty("mail.imaps.socketFactory.fallback"));
        assertTrue(props.stringPropertyNames().stream().noneMatch(name -> name.contains("trust")), props.toString());

        ImapEndpoint starttls = new ImapEndpoint("imap.example.com", 143, Security.STARTTLS, "support",
                Duration.ofSeconds(7), Duration.ofSeconds(30));
        Properties plain = client.properties(starttls, false);
        assertEquals("true", plain.getProperty("mail.imap.starttls.enable"));
        assertEquals("true", plain.getProperty("mail.imap.starttls.required"));
        assertEquals("true", plain.getProperty("mail.imap.ssl.checkserveridentity"));
        assertNull(plain.getProperty("mail.imap.auth.mechanisms"));
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        assertFalse(new Credential.Password("hunter2").toString().contains("hunter2"));
        assertFalse(new Credential.AccessToken("eyJtoken").toString().contains("eyJtoken"));
        assertEquals(List.of("hunter2"), List.of(new Credential.Password("hunter2").secret()));
    }

    private static SSLSocketFactory trustingGreenMail() throws Exception {
        KeyStore greenMailKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMailExtension.class.getResourceAsStream("/greenmail.p12")) {
            greenMailKeys.load(in, "changeit".toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("greenmail", greenMailKeys.getCertificate("greenmail"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
