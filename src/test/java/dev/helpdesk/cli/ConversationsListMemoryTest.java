package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conversations list} writes rows as it reads them: 60,000 conversations list completely, as JSON and as
 * text, in a JVM with a 32 MB heap (the whole list as one JSON string ran out of memory at 128 MB with 100,000).
 */
@Tag("process")
@Timeout(180)
class ConversationsListMemoryTest {
    private static final int CONVERSATIONS = 60_000;

    @TempDir
    Path dir;

    @Test
    void aListOfAnyLengthStreamsInASmallHeap() throws Exception {
        Path data = dir.resolve("data");
        try (Store store = new DataDir(data).openStore("test")) {
            store.inTransaction(tx -> {
                Instant start = Instant.parse("2026-11-01T00:00:00Z");
                for (int i = 0; i < CONVERSATIONS; i++) {
                    long customer = tx.conversations().customer("customer" + i + "@example.org",
                            Optional.of("Customer " + i));
                    tx.conversations().open("support", "Question " + i + " with a subject of ordinary length, about"
                            + " an invoice", Optional.of(customer), start.plusSeconds(i));
                }
                return null;
            });
        }
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{ \"dataDir\": \"" + data + "\", \"mailboxes\": [ { \"name\": \"support\","
                + " \"host\": \"127.0.0.1\", \"port\": 1, \"security\": \"none\", \"username\": \"u\","
                + " \"password\": { \"env\": \"UNUSED\" } } ] }");

        Path json = list(config, "--json");
        ObjectMapper mapper = new ObjectMapper();
        int count = 0;
        try (JsonParser parser = mapper.getFactory().createParser(json.toFile())) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            JsonNode first = null;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode node = mapper.readTree(parser);
                first = first == null ? node : first;
                count++;
            }
            assertEquals(CONVERSATIONS, count, "every conversation listed");
            assertEquals(CONVERSATIONS, first.get("number").asInt(), "newest activity first: " + first);
        }
        Path text = list(config);
        assertEquals(2L * CONVERSATIONS, Files.lines(text).count(), "two lines a conversation");
        assertTrue(Files.readString(text).startsWith("#" + CONVERSATIONS + "  open  support  Question "
                + (CONVERSATIONS - 1)), "newest first");
    }

    private Path list(Path config, String... extra) throws Exception {
        Path out = dir.resolve("out-" + extra.length + ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(ChildJvm.javaBinary(), "-Xmx32m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString(),
                "conversations", "list", "--limit", "1000000"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "listed");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err.txt")));
        return out;
    }
}
