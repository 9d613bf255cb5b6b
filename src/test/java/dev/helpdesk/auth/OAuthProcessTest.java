package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug this product exists to fix, across real processes: a fetch in a new JVM, knowing only what is on
 * disk, finds the access token expired by the cache's own clock and refreshes it silently; the rotated
 * refresh token it saved carries the run after that.
 */
class OAuthProcessTest {
    @TempDir
    Path dir;

    private Path idpState;
    private OAuthRig rig;

    @BeforeEach
    void start() {
        idpState = dir.resolve("idp-state.json");
        rig = new OAuthRig(dir.resolve("rig"), FakeIdentityProvider.persistentAt(idpState));
        rig.deliverToOffice("01-customer-question.eml");
        rig.deliverToOffice("03-customer-followup.eml");
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void ninetyMinutesAfterLoginANewJvmRefreshesFromTheCacheOnDiskAndDrains() throws Exception {
        expiredTokenIsRefreshedInANewJvm(Duration.ofMinutes(90));
    }

    @Test
    void twoDaysAfterLoginANewJvmRefreshesFromTheCacheOnDiskAndDrains() throws Exception {
        expiredTokenIsRefreshedInANewJvm(Duration.ofDays(2));
    }

    private void expiredTokenIsRefreshedInANewJvm(Duration later) throws Exception {
        rig.loggedIn();
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch(), "office").outcome());
        assertEquals(2, rig.stored("office"));
        String loginRefreshToken = single(rig.idp.liveRefreshTokens());

        rig.deliverToOffice("04-non-ascii-subject.eml");
        CacheAging.age(rig.cache().path(), later);
        ProbeRun first = fetchInNewJvm();

        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("RESULT office ok new=1\n"), first.toString());
        assertTrue(first.out().contains("RESULT support ok new=0\n"), first.toString());
        assertEquals(3, rig.stored("office"));
        assertEquals(1, rig.idp.count("refresh_token"), "one silent refresh, no login");
        assertTrue(first.err().contains("refreshed at login.microsoftonline.com and saved to "
                + rig.cache().path()), first.err());
        assertTrue(rig.idp.revokedRefreshTokens().contains(loginRefreshToken), "the fake revoked the login's one");

        // Rotation: only the refresh token the child saved can work now.
        rig.deliverToOffice("05-with-attachment.eml");
        CacheAging.age(rig.cache().path(), later);
        ProbeRun second = fetchInNewJvm();

        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("RESULT office ok new=1\n"), second.toString());
        assertEquals(4, rig.stored("office"));
        assertEquals(2, rig.idp.count("refresh_token"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.cache().path())));
        Secrets.assertNoneIn(rig, first.out(), first.err(), second.out(), second.err());
    }

    @Test
    void aValidCachedTokenCostsANewJvmNoRequest() {
        rig.loggedIn();
        int before = rig.idp.requests().size();
        long start = System.nanoTime();
        ProbeRun run = fetchInNewJvm();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("RESULT office ok new=2\n"), run.toString());
        assertEquals(before, rig.idp.requests().size(), "no request to Microsoft at all, discovery included: "
                + rig.idp.requests() + "\n" + run);
        assertTrue(run.err().contains("access token from the token cache"), run.err());
        System.out.println("MEASURED whole fetch run in a new JVM with the cached token: " + millis + " ms, 0 requests");
    }

    @Test
    void theStandardProxySettingsAndTheTimeoutsApplyToTheTokenEndpoint() throws Exception {
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");
        try (SilentProxy proxy = SilentProxy.start()) {
            ProbeRun run = ProbeRun.run(rig.env(), () -> { }, "proxy", rig.harness.config().toString(),
                    Integer.toString(proxy.port()));

            assertEquals(0, run.code(), run.toString());
            assertTrue(proxy.requestLines().contains("CONNECT login.microsoftonline.com:443 HTTP/1.1"),
                    proxy.requestLines() + "\n" + run);
            String result = run.out().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            assertTrue(result.startsWith("RESULT credential-UNREACHABLE "), run.toString());
            long millis = Long.parseLong(result.substring(result.lastIndexOf(' ') + 1));
            assertTrue(millis < 15_000, "the one-second read timeout ended the wait, not the OS: " + millis + " ms");
            assertTrue(run.out().contains("no answer within the timeout"), run.toString());
            assertTrue(run.out().contains("https.proxyHost"), run.toString());
            System.out.println("MEASURED token request through a silent proxy, 1 s timeouts: failed after "
                    + millis + " ms");
        }
    }

    private ProbeRun fetchInNewJvm() {
        return ProbeRun.run(rig.env(), this::giveTheMailServerTheNewToken, "fetch", rig.harness.config().toString(),
                idpState.toString());
    }

    /** As Microsoft's servers would: the token the identity provider just issued is the one IMAP accepts. */
    private void giveTheMailServerTheNewToken() {
        rig.office.setPassword(FakeIdentityProvider.readState(idpState).latestAccessToken);
    }

    private static String single(Set<String> values) {
        assertEquals(1, values.size(), values.toString());
        return values.iterator().next();
    }

    /** An HTTP proxy on loopback that records the request line and then never answers. */
    static final class SilentProxy implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> lines = new ArrayList<>();
        private final List<Socket> held = new ArrayList<>();

        private SilentProxy(ServerSocket socket) {
            this.socket = socket;
            Thread thread = new Thread(this::serve, "silent-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        static SilentProxy start() throws IOException {
            return new SilentProxy(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
        }

        int port() {
            return socket.getLocalPort();
        }

        synchronized List<String> requestLines() {
            return List.copyOf(lines);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    synchronized (this) {
                        held.add(client);
                    }
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String line = in.readLine();
                    synchronized (this) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public synchronized void close() throws IOException {
            for (Socket s : held) {
                s.close();
            }
            socket.close();
        }
    }
}
