package dev.helpdesk.mail;

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

/**
 * A tiny IMAP server on loopback that greets with chosen capabilities, records every line it receives and
 * refuses every login. It can also stay silent, to stand in for a server that accepts and never answers.
 */
final class ScriptedImapServer implements AutoCloseable {
    private final ServerSocket socket;
    private final String capabilities;
    private final boolean silent;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private ScriptedImapServer(String capabilities, boolean silent) throws IOException {
        this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.capabilities = capabilities;
        this.silent = silent;
        this.thread = new Thread(this::serve, "scripted-imap");
        thread.setDaemon(true);
        thread.start();
    }

    static ScriptedImapServer withCapabilities(String capabilities) throws IOException {
        return new ScriptedImapServer(capabilities, false);
    }

    static ScriptedImapServer silent() throws IOException {
        return new ScriptedImapServer("", true);
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
                if (silent) {
                    client.getInputStream().readAllBytes(); // until the client gives up
                    continue;
                }
                converse(client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        send(out, "* OK [CAPABILITY " + capabilities + "] scripted server ready");
        for (String line; (line = in.readLine()) != null; ) {
            received.add(line);
            String[] words = line.split(" ", 3);
            String tag = words[0];
            String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            switch (command) {
                case "CAPABILITY" -> send(out, "* CAPABILITY " + capabilities + "\r\n" + tag + " OK done");
                case "LOGOUT" -> {
                    send(out, "* BYE bye\r\n" + tag + " OK done");
                    return;
                }
                case "LOGIN", "AUTHENTICATE" -> send(out, tag + " NO [AUTHENTICATIONFAILED] scripted refusal");
                default -> send(out, tag + " BAD unknown command");
            }
        }
    }

    private static void send(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
