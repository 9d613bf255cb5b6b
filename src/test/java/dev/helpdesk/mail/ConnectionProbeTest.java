package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.config.Security;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection steps of {@code mailbox test} against real sockets: a TLS IMAP server with a certificate for
 * 127.0.0.1 made by keytool, a plain one, and ports that answer with something else or nothing.
 */
class ConnectionProbeTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    private ServerSocket server;
    private Thread serving;

    @BeforeEach
    void keyStore() throws Exception {
        Path store = keys.resolve("server.p12");
        if (!Files.exists(store)) {
            Path keytool = Path.of(ChildJvm.javaBinary()).resolveSibling("keytool");
            Command.Result made = Command.of(keytool.toString(), "-genkeypair", "-alias", "imap", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=imap.test.example", "-ext", "SAN=ip:127.0.0.1",
                    "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-keypass", PASSWORD).inheritEnv().run(keys);
            assertEquals(0, made.code(), made.toString());
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (serving != null) {
            serving.join(5_000);
        }
    }

    private static ImapEndpoint endpoint(int port, Security security) {
        return new ImapEndpoint("127.0.0.1", port, security, "support", Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("server.p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client trust store holding exactly our server's certificate. */
    private SSLSocketFactory trustingOurServer() throws Exception {
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("server.p12"))) {
            serverKeys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("imap", serverKeys.getCertificate("imap"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** Serves each connection with {@code script}: a greeting, then answers CAPABILITY and LOGOUT. */
    private int serve(ServerSocket listening, Optional<String> greeting) {
        server = listening;
        serving = new Thread(() -> {
            while (!listening.isClosed()) {
                try (Socket client = listening.accept()) {
                    OutputStream out = client.getOutputStream();
                    if (greeting.isPresent()) {
                        out.write((greeting.get() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.US_ASCII));
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String tag = line.split(" ")[0];
                        if (line.endsWith("CAPABILITY")) {
                            out.write(("* CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN\r\n" + tag + " OK done\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                        } else {
                            out.write(("* BYE\r\n" + tag + " OK bye\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.flush();
                    }
                } catch (IOException closed) {
                    // the client went, or the test ended
                }
            }
        }, "probe-test-server");
        serving.setDaemon(true);
        serving.start();
        return listening.getLocalPort();
    }

    private int tlsServer() throws Exception {
        SSLServerSocket listening = (SSLServerSocket) serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        return serve(listening, Optional.of("* OK test IMAP ready"));
    }

    @Test
    void tlsWithATrustedCertificateGivesProtocolCipherSubjectIssuerAndExpiry() throws Exception {
        int port = tlsServer();
        try (ConnectionProbe probe = new ImapClient(Set.of(), trustingOurServer()).probe(endpoint(port, Security.SSL))) {
            ConnectionProbe.Connected connected = probe.connect();
            assertEquals("127.0.0.1", connected.address());
            assertTrue(connected.loopback());
            TlsResult.Verified verified = assertInstanceOf(TlsResult.Verified.class, probe.tls());
            TlsFacts facts = verified.facts();
            assertTrue(facts.protocol().startsWith("TLSv1."), facts.protocol());
            assertFalse(facts.cipher().isBlank());
            assertEquals("CN=imap.test.example", facts.subject());
            assertEquals("CN=imap.test.example", facts.issuer(), "self-signed");
            assertTrue(facts.notAfter().isAfter(Instant.now().plus(Duration.ofDays(29))), facts.toString());
            assertEquals(Optional.of("* OK test IMAP ready"), probe.greeting(), "the conversation goes on in TLS");
            assertEquals(List.of("IMAP4REV1", "IDLE", "AUTH=PLAIN"), probe.capabilities());
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedButStillShown() throws Exception {
        int port = tlsServer();
        try (ConnectionProbe probe = new ImapClient().probe(endpoint(port, Security.SSL))) {
            probe.connect();
            TlsResult.Untrusted untrusted = assertInstanceOf(TlsResult.Untrusted.class, probe.tls());
            assertTrue(untrusted.why().contains("not trusted"), untrusted.why());
            assertEquals("CN=imap.test.example", untrusted.facts().orElseThrow().subject());
        }
    }

    @Test
    void aPlainTextImapPortIsNotTlsAndSaysWhatItSpeaks() throws Exception {
        int port = serve(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), Optional.of("* OK plain IMAP ready"));
        try (ConnectionProbe probe = new ImapClient().probe(endpoint(port, Security.SSL))) {
            probe.connect();
            TlsResult.NotTls notTls = assertInstanceOf(TlsResult.NotTls.class, probe.tls());
            assertEquals(Optional.of("* OK plain IMAP ready"), notTls.plainAnswer());
        }
    }

    @Test
    void aSilentPortGivesNoGreetingWithinTheReadTimeout() throws Exception {
        int port = serve(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), Optional.empty());
        try (ConnectionProbe probe = new ImapClient().probe(endpoint(port, Security.NONE))) {
            probe.connect();
            long started = System.nanoTime();
            assertEquals(Optional.empty(), probe.greeting());
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertTrue(ms >= 1_500 && ms < 15_000, "waited the 2 s read timeout: " + ms + " ms");
        }
    }

    @Test
    void nothingListeningIsAConnectFailureThatNamesThePort() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        try (ConnectionProbe probe = new ImapClient().probe(endpoint(port, Security.NONE))) {
            MailException e = assertThrows(MailException.class, probe::connect);
            assertEquals(MailException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("connection refused: nothing listens on port " + port), e.getMessage());
        }
    }
}
