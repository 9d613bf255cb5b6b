package dev.helpdesk.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** An IMAP server on loopback that offers only AUTH=PLAIN and records every line a client sends it. */
final class NoXOAuth2Server implements AutoCloseable {
    private static final String CAPABILITIES = "IMAP4rev1 AUTH=PLAIN";

    private final ServerSocket socket;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private NoXOAuth2Server(ServerSocket socket) {
        this.socket = socket;
        Thread thread = new Thread(this::serve, "no-xoauth2-imap");
        thread.setDaemon(true);
        thread.start();
    }

    static NoXOAuth2Server start() throws IOException {
        return new NoXOAuth2Server(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return socket.getLocalPort();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                OutputStream out = client.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.US_ASCII));
                send(out, "* OK [CAPABILITY " + CAPABILITIES + "] ready");
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    received.add(line);
                    String[] words = line.split(" ", 3);
                    String tag = words[0];
                    String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
                    if (command.equals("CAPABILITY")) {
                        send(out, "* CAPABILITY " + CAPABILITIES);
                        send(out, tag + " OK done");
                    } else if (command.equals("LOGOUT")) {
                        send(out, "* BYE");
                        send(out, tag + " OK done");
                        break;
                    } else {
                        send(out, tag + " NO not here");
                    }
                }
            } catch (IOException e) {
                // closed by the test, or the client went away
            }
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
