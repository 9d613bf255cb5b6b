package dev.helpdesk.config;

import java.util.Arrays;
import java.util.Optional;

/** How the IMAP connection is protected: {@code "ssl"}, {@code "starttls"} or {@code "none"}. */
public enum Security {
    /** TLS from the first byte, usually port 993. */
    SSL("ssl", 993),
    /** Plain connection upgraded with STARTTLS before login, usually port 143. */
    STARTTLS("starttls", 143),
    /** No TLS at all; accepted only for a loopback host, where nothing crosses a network. */
    NONE("none", 143);

    private final String json;
    private final int defaultPort;

    Security(String json, int defaultPort) {
        this.json = json;
        this.defaultPort = defaultPort;
    }

    /** The value as written in the config file. */
    public String json() {
        return json;
    }

    /** The port used when the mailbox does not name one. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The constant written as {@code json} in a config file, if any. */
    public static Optional<Security> fromJson(String json) {
        return Arrays.stream(values()).filter(s -> s.json.equals(json)).findFirst();
    }

    @Override
    public String toString() {
        return json;
    }
}
