package dev.helpdesk.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The first steps of an IMAP connection one by one, on a plain socket, for {@code helpdesk mailbox test}: resolve
 * and connect, TLS (from the first byte or after STARTTLS) with the certificate's details, the greeting and the
 * capabilities before login. Angus does all of this inside one call and, when it fails, cannot say which step or
 * what the other side sent instead; here every step answers on its own. Sends no credential and no command but
 * CAPABILITY, STARTTLS and LOGOUT.
 */
public final class ConnectionProbe implements AutoCloseable {
    /** How long a step waits for the server: an IMAP server greets and answers at once. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final int MAX_LINE = 8192;

    private final ImapEndpoint endpoint;
    private final SSLSocketFactory verifying;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private InetAddress address;
    private int tag;

    ConnectionProbe(ImapEndpoint endpoint, SSLSocketFactory verifying) {
        this.endpoint = endpoint;
        this.verifying = verifying;
    }

    /** Where the host name resolved (in the resolver's order), and which address answered. */
    public record Connected(List<String> addresses, String address, boolean loopback) {
    }

    /**
     * Resolves the host and connects to the first address that answers.
     *
     * @throws MailException UNREACHABLE, saying what failed and what to check
     */
    public Connected connect() {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(endpoint.host());
        } catch (UnknownHostException e) {
            throw new MailException(MailException.Kind.UNREACHABLE, "The host name " + endpoint.host()
                    + " does not resolve (" + e.getMessage() + "); check \"host\" in the config and this machine's"
                    + " DNS.", e);
        }
        List<String> addresses = Arrays.stream(all).map(InetAddress::getHostAddress).toList();
        IOException last = null;
        for (InetAddress candidate : all) {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(candidate, endpoint.port()), millis(endpoint.connectTimeout()));
                plain.setSoTimeout(millis(waitLimit()));
                use(plain);
                address = candidate;
                return new Connected(addresses, candidate.getHostAddress(), candidate.isLoopbackAddress());
            } catch (IOException e) {
                closeQuietly(plain);
                last = e;
            }
        }
        throw new MailException(MailException.Kind.UNREACHABLE, "Cannot connect to " + endpoint.describe() + " ("
                + String.join(", ", addresses) + "): " + describe(last) + "; check \"host\" and \"port\" in the config"
                + " (usually 993 for ssl, 143 for starttls) and that the server is up.", last);
    }

    /**
     * TLS over the connected socket, with the certificate checks a fetch makes (trusted chain, host name); on
     * success the conversation goes on encrypted. On failure the connection is gone.
     */
    public TlsResult tls() {
        try {
            SSLSocket ssl = (SSLSocket) verifying.createSocket(socket, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name check, as for IMAP (RFC 6125)
            ssl.setSSLParameters(parameters);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            TlsFacts facts = facts(ssl.getSession());
            use(ssl);
            return new TlsResult.Verified(facts);
        } catch (IOException e) {
            closeQuietly(socket);
            String why = describe(e);
            // Did the other side present a certificate at all? A look that verifies nothing tells.
            SecondLook second = new SecondLook(address, endpoint, waitLimit());
            Optional<TlsFacts> seen = second.certificate();
            if (seen.isPresent()) {
                return new TlsResult.Untrusted(seen, why);
            }
            return new TlsResult.NotTls(why, second.plainLine());
        }
    }

    /** The first line the server sends; empty when it sends none within the wait or closes the connection. */
    public Optional<String> greeting() {
        try {
            return readLine(in);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The server's CAPABILITY list, upper-cased as servers differ in case.
     *
     * @throws MailException PROTOCOL when the answer is not IMAP, UNREACHABLE when none comes
     */
    public List<String> capabilities() {
        List<String> capabilities = new ArrayList<>();
        for (String line : command("CAPABILITY")) {
            if (line.regionMatches(true, 0, "* CAPABILITY ", 0, 13)) {
                for (String word : line.substring(13).trim().split("\\s+")) {
                    capabilities.add(word.toUpperCase(Locale.ROOT));
                }
            }
        }
        return capabilities;
    }

    /**
     * Asks for STARTTLS and does the handshake.
     *
     * @throws MailException REFUSED when the server answers the command with NO or BAD
     */
    public TlsResult startTls() {
        command("STARTTLS");
        return tls();
    }

    private List<String> command(String command) {
        String name = "h" + (++tag);
        try {
            out.write((name + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> lines = new ArrayList<>();
            while (true) {
                Optional<String> line = readLine(in);
                if (line.isEmpty()) {
                    throw new MailException(MailException.Kind.UNREACHABLE, "The server " + endpoint.describe()
                            + " did not answer " + command + " within " + waitLimit().toSeconds() + "s.");
                }
                lines.add(line.get());
                if (line.get().startsWith(name + " ")) {
                    String status = line.get().substring(name.length() + 1);
                    if (!status.regionMatches(true, 0, "OK", 0, 2)) {
                        throw new MailException(MailException.Kind.REFUSED, "The server " + endpoint.describe()
                                + " answered " + command + " with \"" + status + "\".");
                    }
                    return lines;
                }
            }
        } catch (IOException e) {
            throw new MailException(MailException.Kind.UNREACHABLE, "The connection to " + endpoint.describe()
                    + " failed during " + command + ": " + describe(e) + ".", e);
        }
    }

    /** LOGOUT when the conversation is still in step, then the socket closes; never throws. */
    @Override
    public void close() {
        if (socket == null || socket.isClosed()) {
            return;
        }
        try {
            out.write(("h" + (++tag) + " LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private void use(Socket connected) throws IOException {
        socket = connected;
        in = connected.getInputStream();
        out = connected.getOutputStream();
    }

    /** How long each step waits for the server: the read timeout, at most ten seconds. */
    public Duration patience() {
        return waitLimit();
    }

    private Duration waitLimit() {
        return endpoint.readTimeout().compareTo(MAX_WAIT) < 0 ? endpoint.readTimeout() : MAX_WAIT;
    }

    static TlsFacts facts(SSLSession session) throws SSLException {
        X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
        return new TlsFacts(session.getProtocol(), session.getCipherSuite(), leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant());
    }

    /** One line without its CR LF, at most 8 KB; empty at a timeout or end of stream before any byte. */
    static Optional<String> readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    break;
                }
                if (line.size() < MAX_LINE) {
                    line.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            if (line.size() == 0) {
                return Optional.empty();
            }
        }
        if (line.size() == 0) {
            return Optional.empty();
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    private String describe(IOException e) {
        String message = e == null || e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ConnectException) {
            return "connection refused: nothing listens on port " + endpoint.port();
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within the timeout (a firewall may drop the packets)";
        }
        if (message.contains("PKIX") || message.contains("unable to find valid certification path")) {
            return "the certificate is not trusted by this Java installation (" + message + ")";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the certificate does not name " + endpoint.host() + " (" + message + ")";
        }
        return message.isEmpty() && e != null ? e.getClass().getSimpleName() : message;
    }

    static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }

    static void closeQuietly(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
