package dev.helpdesk.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of one IMAP connection, so another thread can end it at once: Angus' own close waits for the
 * command in progress (it holds the protocol's monitor), which on a stalled or throttled link can take as
 * long as the read timeout. Closing the socket makes the blocked read fail now.
 */
final class SocketTracker {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Closes every socket of the connection; whatever runs on it fails with an I/O error. Never throws. */
    void abort() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0); // no lingering FIN handshake with a server that stopped reading
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
            try {
                socket.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is all we wanted
            }
        }
    }

    private Socket track(Socket socket) {
        sockets.add(socket);
        return socket;
    }

    /** For plain connections and STARTTLS: Angus asks for an unconnected socket and connects it itself. */
    SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return track(new Socket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return track(new Socket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return track(new Socket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return track(new Socket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return track(new Socket(host, port, local, localPort));
            }
        };
    }

    /** For implicit TLS: Angus connects a plain socket and has this factory layer TLS over it. */
    SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return delegate.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
                track(plain);
                return track(delegate.createSocket(plain, host, port, autoClose));
            }

            @Override
            public Socket createSocket() throws IOException {
                return track(delegate.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return track(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return track(delegate.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return track(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return track(delegate.createSocket(host, port, local, localPort));
            }
        };
    }
}
