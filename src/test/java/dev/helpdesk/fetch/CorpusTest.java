package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable.StoredAttachment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crafted corpus (src/test/resources/corpus, written by its make_corpus.py) ingested in file order through
 * {@link Ingest#store} into one real store: every message decodes, classifies and threads as expected.json says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusTest {
    private static final Instant START = Instant.parse("2026-03-20T09:00:00Z");

    private final List<JsonNode> expectations = CorpusRig.expectations();
    private final Map<String, Ingest.Result> results = new LinkedHashMap<>();
    private CorpusRig rig;

    @BeforeAll
    void ingestTheCorpusInOrder(@TempDir Path dataDir) {
        rig = new CorpusRig(dataDir);
        long uid = 1;
        for (JsonNode expected : expectations) {
            String file = expected.get("file").asText();
            results.put(file, rig.store(uid, CorpusRig.resource(file), START.plusSeconds(60 * uid)));
            uid++;
        }
    }

    @AfterAll
    void closeTheStore() {
        rig.close();
    }

    Stream<Arguments> corpus() {
        return expectations.stream().map(e -> Arguments.of(e.get("file").asText(), e));
    }

    @Test
    void coversAtLeastFortyMessages() {
        assertTrue(expectations.size() >= 40, "corpus size " + expectations.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decodesClassifiesAndThreadsAsExpected(String file, JsonNode expected) {
        Ingest.Result result = results.get(file);
        assertEquals(expected.get("outcome").asText(), result.outcome().name().toLowerCase(Locale.ROOT),
                () -> file + ": " + result.error().orElse(""));
        if (result.outcome() != Outcome.STORED) {
            return;
        }
        CorpusRig.Row row = rig.message(result.ref());
        assertEquals(expected.get("kind").asText(), row.kind(), "kind");
        assertEquals(expected.get("subject").asText(), row.subject(), "subject");
        assertEquals(Optional.of(expected.get("from").asText()), row.fromEmail(), "from");
        if (expected.has("fromName")) {
            assertEquals(Optional.of(expected.get("fromName").asText()), row.fromName(), "fromName");
        }
        if (expected.has("text")) {
            if (expected.get("text").isNull()) {
                assertEquals(Optional.empty(), row.text(), "no text");
            } else {
                assertContains(row.text(), expected.get("text").asText(), "text");
            }
        }
        if (expected.has("textLacks")) {
            assertFalse(row.text().orElse("").contains(expected.get("textLacks").asText()), "text lacks");
        }
        if (expected.has("newText")) {
            assertContains(row.newText(), expected.get("newText").asText(), "new text");
        }
        if (expected.has("newTextLacks")) {
            assertFalse(row.newText().orElse("").contains(expected.get("newTextLacks").asText()),
                    () -> "new text should lack the quote: " + row.newText());
        }
        if (expected.has("html")) {
            assertContains(row.html(), expected.get("html").asText(), "html");
        }
        for (JsonNode note : expected.path("notes")) {
            assertTrue(row.notes().stream().anyMatch(n -> n.contains(note.asText())),
                    () -> "note \"" + note.asText() + "\" among " + row.notes());
        }
        assertEquals(expected.path("syntheticId").asBoolean(false), row.syntheticId(), "synthetic id");
        assertEquals(expected.get("conversation").isNull(), row.conversation().isEmpty(),
                () -> "in a conversation: " + row.conversation());
        assertAttachments(expected.get("attachments"), rig.attachments(row.id()));
    }

    private void assertAttachments(JsonNode expected, List<StoredAttachment> stored) {
        assertEquals(expected.size(), stored.size(), () -> "attachments: " + stored);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            StoredAttachment got = stored.get(i);
            assertEquals(want.get("name").asText(), got.name(), "attachment name");
            assertEquals(want.get("type").asText(), got.contentType(), "attachment type");
            assertEquals(want.get("inline").asBoolean(), got.inline(), () -> "inline: " + got);
            assertEquals(Optional.ofNullable(want.get("contentId")).map(JsonNode::asText), got.contentId(),
                    "content id");
            if (want.has("size")) {
                assertEquals(want.get("size").asLong(), got.size(), "attachment size");
            }
            assertEquals(Optional.empty(), got.omitted());
            byte[] blob = rig.blob(got.sha256().orElseThrow()).orElseThrow();
            assertEquals(got.size(), blob.length, "stored bytes");
        }
    }

    @Test
    void messagesShareAConversationExactlyWhenTheirLabelsAgree() {
        Map<String, Long> numberOfLabel = new HashMap<>();
        Map<Long, String> labelOfNumber = new HashMap<>();
        for (JsonNode expected : expectations) {
            Ingest.Result result = results.get(expected.get("file").asText());
            if (result.outcome() != Outcome.STORED || expected.get("conversation").isNull()) {
                continue;
            }
            String label = expected.get("conversation").asText();
            long number = rig.message(result.ref()).conversation().orElseThrow();
            Long before = numberOfLabel.putIfAbsent(label, number);
            assertEquals(before == null ? number : before, number, () -> expected.get("file") + " joins " + label);
            String other = labelOfNumber.putIfAbsent(number, label);
            assertEquals(other == null ? label : other, label,
                    () -> expected.get("file") + " shares conversation " + number + " with label " + other);
        }
        // The subject markers of the corpus name these numbers.
        assertEquals(1L, numberOfLabel.get("A"));
        assertEquals(2L, numberOfLabel.get("B"));
        assertNotEquals(numberOfLabel.get("D"), numberOfLabel.get("A"));
    }

    @Test
    void aDuplicateIsReportedAsTheFirstStoredMessage() {
        Ingest.Result first = results.get(expectations.get(0).get("file").asText());
        Ingest.Result duplicate = results.values().stream().filter(r -> r.outcome() == Outcome.DUPLICATE)
                .findFirst().orElseThrow();
        assertEquals(first.ref(), duplicate.ref());
    }

    @Test
    void everyQuarantinedMessageKeepsItsBytesAndError() {
        long quarantined = results.values().stream().filter(r -> r.outcome() == Outcome.QUARANTINED).count();
        assertEquals(quarantined, rig.count("quarantine"));
        results.values().stream().filter(r -> r.outcome() == Outcome.QUARANTINED)
                .forEach(r -> assertTrue(r.error().isPresent()));
    }

    private static void assertContains(Optional<String> actual, String expected, String what) {
        assertTrue(actual.isPresent() && actual.get().contains(expected),
                () -> what + " should contain \"" + expected + "\" but was " + actual);
    }
}
