package dev.helpdesk.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One support mailbox: where its IMAP server is, how to log in, which folders to drain and what
 * to do with a message on the server once it is stored.
 *
 * <p>The static {@code check*} methods hold each rule once; the compact constructor applies them
 * to any instance, and the loader applies them to single keys first so a message can point at
 * the exact line.
 */
public record MailboxConfig(
        String name, List<String> addresses, String host, int port, Security security,
        String username, Optional<SecretRef> password, List<String> folders, AfterFetch afterFetch,
        Optional<OAuth2Config> oauth2, Duration connectTimeout, Duration readTimeout) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    static final String PORT_EXPECTED = "a whole number from 1 to 65535";

    // The name becomes the lock name fetch:<name> and the token cache file <name>.json.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)*");
    private static final Pattern HOST = Pattern.compile("[^\\s/@]+");
    private static final Pattern IPV4 =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public MailboxConfig {
        checkName(name);
        addresses = addresses.stream().map(MailboxConfig::checkAddress).toList();
        checkHost(host);
        checkPort(port);
        Objects.requireNonNull(security, "security");
        checkSecurity(security, host);
        checkUsername(username);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(oauth2, "oauth2");
        if (password.isPresent() == oauth2.isPresent()) {
            throw new IllegalArgumentException(password.isPresent() ? BOTH_LOGINS : NO_LOGIN);
        }
        folders = List.copyOf(folders);
        checkFolderCount(folders.size());
        for (String folder : folders) {
            checkFolder(folder);
        }
        if (new HashSet<>(folders).size() != folders.size()) {
            throw new IllegalArgumentException("a folder is listed twice: " + folders);
        }
        Objects.requireNonNull(afterFetch, "afterFetch");
        checkAfterFetch(afterFetch, folders);
        checkTimeout(connectTimeout);
        checkTimeout(readTimeout);
    }

    static final String NO_LOGIN = "expected either \"password\" or \"oauth2\" to say how to log in,"
            + " got neither";
    static final String BOTH_LOGINS = "\"password\" and \"oauth2\" exclude each other; keep one";

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected 1 to 63 characters from a-z, 0-9, \".\", \"_\""
                    + " and \"-\", starting with a letter or digit (the name becomes a lock name and a file"
                    + " name), got " + Values.quote(name));
        }
        return name;
    }

    /** Returns the address lower-cased, the form the loop guard compares. */
    static String checkAddress(String address) {
        Objects.requireNonNull(address, "address");
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("expected an email address such as support@example.com,"
                    + " got " + Values.quote(address));
        }
        return address.toLowerCase(Locale.ROOT);
    }

    static String checkHost(String host) {
        Objects.requireNonNull(host, "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("expected a host name or IP address such as"
                    + " imap.example.com, without scheme, path or spaces, got " + Values.quote(host));
        }
        return host;
    }

    static int checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("expected " + PORT_EXPECTED + ", got " + port);
        }
        return port;
    }

    static void checkSecurity(Security security, String host) {
        if (security == Security.NONE && !isLoopback(host)) {
            throw new IllegalArgumentException("\"none\" sends the password unencrypted and is allowed"
                    + " only for a loopback host (localhost, 127.0.0.0/8, ::1), not " + Values.quote(host)
                    + "; use \"ssl\" or \"starttls\"");
        }
    }

    /** Decides from the text alone: resolving a name here would make validation depend on DNS. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        var ipv4 = IPV4.matcher(h);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return ipv4.group(1).equals("127");
        }
        String v6 = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        // Only a well-formed IPv6 literal reaches InetAddress, which parses literals without DNS.
        if (!v6.contains(":") || !v6.matches("[0-9a-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(v6).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String checkUsername(String username) {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("expected the IMAP login name, got an empty string");
        }
        return username;
    }

    static void checkFolderCount(int count) {
        if (count == 0) {
            throw new IllegalArgumentException("expected at least one folder name such as \"INBOX\","
                    + " got an empty list");
        }
    }

    static String checkFolder(String folder) {
        Objects.requireNonNull(folder, "folder");
        if (folder.isBlank()) {
            throw new IllegalArgumentException("expected a folder name such as \"INBOX\", got "
                    + Values.quote(folder));
        }
        return folder;
    }

    // Moving into a drained folder would bring every message back as a new UID on the next run.
    static void checkAfterFetch(AfterFetch afterFetch, List<String> folders) {
        if (afterFetch.folder().isPresent() && folders.contains(afterFetch.folder().get())) {
            throw new IllegalArgumentException(Values.quote(afterFetch.toString()) + " would move"
                    + " messages into a folder that is fetched too; move them to a folder not listed in"
                    + " \"folders\"");
        }
    }

    static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expected a timeout above zero, got " + timeout);
        }
        return timeout;
    }
}
