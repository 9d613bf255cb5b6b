package dev.helpdesk.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes config text to a real file in a test's temporary directory and loads it. */
final class ConfigFiles {

    static final Map<String, String> ENV = Map.of("HOME", "/home/agent");

    private final Path dir;

    ConfigFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String text) {
        return write("config.json", text);
    }

    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Config load(String text) {
        return new ConfigLoader(ENV).load(write(text));
    }

    /**
     * Asserts the one message shape: {@code FILE line N: PATH: ...}, containing every fragment.
     * Returns the message for further checks.
     */
    String assertRejected(String text, int line, String path, String... fragments) {
        Path file = write(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ENV).load(file));
        String message = e.getMessage();
        String prefix = file + " line " + line + ": " + (path.isEmpty() ? "" : path + ": ");
        assertTrue(message.startsWith(prefix), () -> "expected prefix <" + prefix + "> in <" + message + ">");
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected <" + fragment + "> in <" + message + ">");
        }
        assertTrue(message.endsWith("."), () -> "a sentence ends with a period: " + message);
        return message;
    }

    /** One valid mailbox with the given extra keys, for tests about a single key. */
    static String mailboxWith(String extraKeys) {
        return """
                {
                    "mailboxes": [
                        { "name": "support", "host": "imap.example.com", "username": "support@example.com",
                            "password": { "env": "SUPPORT_IMAP_PASSWORD" },
                %s
                        }
                    ]
                }
                """.formatted(extraKeys);
    }
}
