package dev.helpdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL server per test JVM on a free loopback port, started through {@code scripts/postgres}
 * (which installs it when missing) and stopped when the JVM exits; each test takes an empty database of its own.
 * TCP only from 127.0.0.1, SCRAM passwords, TLS optional and verifiable against {@link #rootCertificate()}.
 */
public final class Postgres {
    public static final String USER = "helpdesk";
    public static final String PASSWORD = "helpdesk-test";
    private static final Path SCRIPT = Path.of("scripts/postgres").toAbsolutePath();

    // One server for the whole JVM: a cluster takes about a second to create, a database 20 to 250 ms (the
    // fsync of CREATE DATABASE, so it depends on the disk's other traffic).
    // Never reset; it lives until the shutdown hook.
    private static Postgres shared;

    private final Path cluster;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    /** An empty database of its own on the shared server, and the superuser's credentials for it. */
    public record Database(String url, String user, String password) {
        public Database {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
            }
        }
    }

    private Postgres(Path cluster, int port) {
        this.cluster = cluster;
        this.port = port;
    }

    /**
     * The server of this JVM, started on first use in {@code target/postgres-<pid>} (about a second for a new
     * cluster). Synchronized: test classes may run in parallel and must not start two.
     */
    public static synchronized Postgres shared() {
        if (shared == null) {
            shared = start(Path.of("target", "postgres-" + ProcessHandle.current().pid()).toAbsolutePath());
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** The server certificate, self-signed for localhost and 127.0.0.1: pgjdbc's {@code sslrootcert}. */
    public Path rootCertificate() {
        return cluster.resolve("root.crt");
    }

    /** PostgreSQL's own log, for a failing test's message. */
    public Path log() {
        return cluster.resolve("postgres.log");
    }

    /** Creates a new, uniquely named, empty database. */
    public Database fresh() {
        String name = "test_" + databases.incrementAndGet();
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        // The admin connection needs no TLS: no handshake to pay for each database.
        credentials.setProperty("sslmode", "disable");
        try (Connection admin = DriverManager.getConnection(url("postgres"), credentials);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("could not create database " + name + " on 127.0.0.1:" + port + ": "
                    + e.getMessage() + "; see " + log(), e);
        }
        return new Database(url(name), USER, PASSWORD);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Postgres start(Path base) {
        try {
            if (Files.exists(base)) {
                // Left by an earlier JVM with this pid (pids repeat in containers) that died before its hook ran.
                stopAndDelete(base);
            }
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path cluster = base.resolve("cluster");
        int port = freePort();
        Command.Result result = Command.of("bash", SCRIPT.toString(), "start", cluster.toString(),
                Integer.toString(port)).inheritEnv().run(base);
        if (result.code() != 0) {
            // A start that timed out may have left a server running; its files stay for a look.
            Command.of("bash", SCRIPT.toString(), "stop", cluster.toString()).inheritEnv().run(base);
            throw new AssertionError("scripts/postgres start failed (port " + port + "), files in " + base + ":\n"
                    + result);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stopAndDelete(base);
            } catch (IOException | RuntimeException e) {
                // Nobody is left to throw to; say what stays behind.
                System.err.println("could not stop PostgreSQL in " + base + ": " + e);
            }
        }, "postgres-stop"));
        return new Postgres(cluster, port);
    }

    private static void stopAndDelete(Path base) throws IOException {
        Path cluster = base.resolve("cluster");
        Command.Result result = Command.of("bash", SCRIPT.toString(), "stop", cluster.toString()).inheritEnv()
                .run(base);
        if (result.code() != 0) {
            throw new IOException("scripts/postgres stop failed:\n" + result);
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
