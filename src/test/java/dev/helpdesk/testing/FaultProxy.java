package dev.helpdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port between an IMAP client and a real server (GreenMail, Dovecot) that misbehaves on
 * request, the way Gmail, Yahoo or a bad network do: a FETCH refused for one message, a body NIL or missing, a
 * slow, stalled or cut transfer. Faults apply to every connection ({@link #everyConnection()}, or the shortcuts
 * here) or to the Nth connection only ({@link #connection(int)}), and can be changed while a test runs.
 *
 * <p>Body faults find a message by the UID item of its FETCH response, so they apply to {@code UID FETCH} (what
 * the drain sends), whole or in partial pieces; a sequence-number FETCH without UID passes untouched. Responses
 * stream through; only a FETCH response that a body fault concerns is held whole in memory to be rewritten.
 * Plain IMAP only: after STARTTLS or COMPRESS the proxy could no longer read the traffic.
 */
public final class FaultProxy implements AutoCloseable {
    /** What Gmail and Yahoo answer when one message of a FETCH cannot be served. */
    public static final String UNAVAILABLE = "[UNAVAILABLE] Some messages could not be FETCHed (Failure)";

    private record Seen(int connection, String command) {}

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket listener;
    private final ProxyFaults every = new ProxyFaults();
    private final Map<Integer, ProxyFaults> nth = new ConcurrentHashMap<>();
    private final Set<ProxyConnection> open = ConcurrentHashMap.newKeySet();
    private final List<Seen> commands = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    /** Guards the stall state: connections wait on it, {@link #release()} wakes them. */
    private final Object stalls = new Object();
    private int releases;
    private int stalled;

    private FaultProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::accept, "fault-proxy-accept");
        thread.setDaemon(true);
        thread.start();
    }

    /** A proxy in front of the IMAP server on 127.0.0.1:{@code port}; no faults until a test sets some. */
    public static FaultProxy to(int upstreamPort) {
        return to("127.0.0.1", upstreamPort);
    }

    public static FaultProxy to(String upstreamHost, int upstreamPort) {
        try {
            return new FaultProxy(upstreamHost, upstreamPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a proxy on its own, for {@code scripts/bench}: {@code FaultProxy UPSTREAM_PORT BYTES_PER_SECOND} throttles
     * every connection to 127.0.0.1:UPSTREAM_PORT, prints the port to connect to, and runs until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: FaultProxy UPSTREAM_PORT BYTES_PER_SECOND");
            System.exit(2);
        }
        FaultProxy proxy = to(Integer.parseInt(args[0])).throttle(Integer.parseInt(args[1]));
        System.out.println(proxy.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** The loopback port clients connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Faults for every connection, present and future. */
    public ProxyFaults everyConnection() {
        return every;
    }

    /** Faults for the {@code n}th connection accepted (from 1) only, added to those of every connection. */
    public ProxyFaults connection(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("connections count from 1: " + n);
        }
        return nth.computeIfAbsent(n, k -> new ProxyFaults());
    }

    /** {@link ProxyFaults#refuseBody(long, String)} on every connection. */
    public FaultProxy refuseBody(long uid, String taggedNoText) {
        every.refuseBody(uid, taggedNoText);
        return this;
    }

    /** See {@link ProxyFaults#refuseCommand}. */
    public FaultProxy refuseCommand(String prefix, String taggedNoText) {
        every.refuseCommand(prefix, taggedNoText);
        return this;
    }

    /** {@link ProxyFaults#refuseBody(long, String, int)} on every connection. */
    public FaultProxy refuseBody(long uid, String taggedNoText, int times) {
        every.refuseBody(uid, taggedNoText, times);
        return this;
    }

    /** {@link ProxyFaults#nilBody(long)} on every connection. */
    public FaultProxy nilBody(long uid) {
        every.nilBody(uid);
        return this;
    }

    /** {@link ProxyFaults#noBodyItem(long)} on every connection. */
    public FaultProxy noBodyItem(long uid) {
        every.noBodyItem(uid);
        return this;
    }

    /** {@link ProxyFaults#throttle(int)} on every connection. */
    public FaultProxy throttle(int bytesPerSecond) {
        every.throttle(bytesPerSecond);
        return this;
    }

    /** {@link ProxyFaults#stallAfter(long)} on every connection. */
    public FaultProxy stallAfter(long bytes) {
        every.stallAfter(bytes);
        return this;
    }

    /** {@link ProxyFaults#stallOnBodyOf(long)} on every connection. */
    public FaultProxy stallOnBodyOf(long uid) {
        every.stallOnBodyOf(uid);
        return this;
    }

    /** {@link ProxyFaults#cutInLiteralOf(long, int)} on every connection. */
    public FaultProxy cutInLiteralOf(long uid, int afterBytes) {
        every.cutInLiteralOf(uid, afterBytes);
        return this;
    }

    /** {@link ProxyFaults#cutAfter(long)} on every connection. */
    public FaultProxy cutAfter(long bytes) {
        every.cutAfter(bytes);
        return this;
    }

    /** Removes every fault of every scope; stalled connections stay stalled until {@link #release()}. */
    public FaultProxy clearFaults() {
        every.clear();
        nth.values().forEach(ProxyFaults::clear);
        return this;
    }

    /** Lets every stalled connection go on and removes the stall faults, so they do not catch it again. */
    public void release() {
        synchronized (stalls) {
            every.clearStalls();
            nth.values().forEach(ProxyFaults::clearStalls);
            releases++;
            stalls.notifyAll();
        }
    }

    /** Waits until at least one connection is holding data back; false if none is by then. */
    public boolean awaitStalled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stalls) {
            try {
                for (long left; stalled == 0 && (left = deadline - System.nanoTime()) > 0; ) {
                    stalls.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return stalled > 0;
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    /** Bytes passed from clients to the server, over all connections. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Bytes passed from the server to clients, over all connections (what faults kept back is not counted). */
    public long bytesToClient() {
        return toClient.get();
    }

    /** Every command clients sent, without its tag and literals' bytes, in order: {@code UID FETCH 7 (UID ...)}. */
    public List<String> commands() {
        synchronized (commands) {
            return commands.stream().map(Seen::command).toList();
        }
    }

    /** The commands sent on the {@code n}th connection. */
    public List<String> commands(int n) {
        synchronized (commands) {
            return commands.stream().filter(s -> s.connection() == n).map(Seen::command).toList();
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        List.copyOf(open).forEach(ProxyConnection::close);
        synchronized (stalls) {
            stalls.notifyAll();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            int number = accepted.incrementAndGet();
            try {
                Socket server = new Socket(upstreamHost, upstreamPort);
                ProxyConnection connection = new ProxyConnection(this, number, client, server);
                open.add(connection);
                connection.start();
            } catch (IOException unreachable) {
                closeQuietly(client); // as a client would see a server that is down
            }
        }
    }

    ProxyFaults ownScope(int number) {
        return nth.get(number);
    }

    void saw(int connection, String command) {
        synchronized (commands) {
            commands.add(new Seen(connection, command));
        }
    }

    void forwardedToServer(int bytes) {
        toServer.addAndGet(bytes);
    }

    void forwardedToClient(int bytes) {
        toClient.addAndGet(bytes);
    }

    void ended(ProxyConnection connection) {
        open.remove(connection);
        synchronized (stalls) {
            stalls.notifyAll(); // a stalled pump of a closed connection must stop waiting
        }
    }

    /** Blocks a connection's server-to-client pump until {@link #release()} or until the connection closes. */
    void awaitRelease(ProxyConnection connection) throws IOException {
        synchronized (stalls) {
            int generation = releases;
            stalled++;
            stalls.notifyAll();
            try {
                while (generation == releases && !connection.closed() && !listener.isClosed()) {
                    stalls.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", e);
            } finally {
                stalled--;
            }
            if (connection.closed() || listener.isClosed()) {
                throw new IOException("connection closed while stalled");
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
