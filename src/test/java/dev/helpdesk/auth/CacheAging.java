package dev.helpdesk.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Makes a saved token cache look as if it had been written {@code by} earlier: every access token's
 * cached-at and expiry move back. That is how "90 minutes later" happens without sleeping: msal4j judges
 * expiry by the cache's own {@code expires_on}, exactly as the next cron run would find it.
 */
final class CacheAging {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIMES = List.of("cached_at", "expires_on", "extended_expires_on", "refresh_on");

    private CacheAging() {
    }

    static void age(Path cache, Duration by) {
        try {
            // Rewriting in place keeps the file's mode, as the product left it.
            Files.writeString(cache, aged(Files.readString(cache), by));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serialized cache {@code by} older, for caches kept elsewhere than in a file (the shared store). */
    static String aged(String cache, Duration by) {
        try {
            JsonNode root = JSON.readTree(cache);
            JsonNode tokens = root.get("AccessToken");
            tokens.elements().forEachRemaining(token -> {
                for (String field : TIMES) {
                    JsonNode value = token.get(field);
                    if (value != null) {
                        ((ObjectNode) token).put(field, Long.toString(Long.parseLong(value.asText()) - by.getSeconds()));
                    }
                }
            });
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
