package dev.helpdesk.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * After a failed TLS handshake, what the other side is: the certificate it presents (by a handshake that checks
 * nothing), or, when it presents none, the first line it sends in plain text. Each on a fresh connection that sends
 * nothing and is closed at once, so trusting any certificate here can never leak a credential.
 */
final class SecondLook {
    private final InetAddress address;
    private final ImapEndpoint endpoint;
    private final Duration wait;

    SecondLook(InetAddress address, ImapEndpoint endpoint, Duration wait) {
        this.address = address;
        this.endpoint = endpoint;
        this.wait = wait;
    }

    /** The certificate the server presents, whoever signed it; empty when no TLS handshake completes. */
    Optional<TlsFacts> certificate() {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, endpoint.port()),
                    ConnectionProbe.millis(endpoint.connectTimeout()));
            plain.setSoTimeout(ConnectionProbe.millis(wait));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(),
                    endpoint.port(), true)) {
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                return Optional.of(ConnectionProbe.facts(ssl.getSession()));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        } finally {
            ConnectionProbe.closeQuietly(plain);
        }
    }

    /** The first plain-text line on a fresh connection: what the port speaks when it is not TLS. */
    Optional<String> plainLine() {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, endpoint.port()),
                    ConnectionProbe.millis(endpoint.connectTimeout()));
            plain.setSoTimeout(ConnectionProbe.millis(wait));
            return ConnectionProbe.readLine(plain.getInputStream());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Accepts any certificate: only for {@link #certificate()}, which sends nothing over the connection. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
