package dev.helpdesk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.mail.Address;
import dev.helpdesk.mail.ParsedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text shapes that used to take minutes, each under a timeout several times what it takes now. The old
 * HTML clean-up needed 40 s for 160,000 {@code <b> </b>} spans and 11 s for 160,000 vertical tabs, growing with
 * the square of the count; run against it, the spans, vertical tabs and table shapes each hit the timeout.
 */
class HostileTextTest {
    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final int MEGABYTE = 1 << 20;

    private static Arguments shape(String name, Supplier<String> input) {
        return Arguments.of(name, input);
    }

    static Stream<Arguments> html() {
        return Stream.of(
                shape("200,000 <b> </b> spans", () -> "<p>Hello</p>" + "<b> </b>".repeat(200_000) + "bye"),
                shape("a megabyte of vertical tabs, blanks to the clean-up but not to jsoup",
                        () -> "\u000B".repeat(MEGABYTE) + "x"),
                shape("200,000 unclosed <b>", () -> "<b>x".repeat(200_000)),
                shape("100,000 nested <div>", () -> "<div>".repeat(100_000) + "x"),
                shape("a megabyte of blanks", () -> " ".repeat(MEGABYTE) + "x"),
                shape("a megabyte without a tag", () -> "word ".repeat(MEGABYTE / 5)),
                shape("table content that jsoup foster-parents, quadratic in jsoup",
                        () -> "<table><b>x".repeat(200_000)),
                shape("100,000 nested lists", () -> "<ul><li>".repeat(100_000)),
                shape("an unterminated attribute", () -> "<a title=\"" + "x".repeat(MEGABYTE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("html")
    void rendersHostileHtmlInBoundedTime(String name, Supplier<String> input) {
        String html = input.get();
        HtmlText.Rendered rendered = assertTimeoutPreemptively(GENEROUS,
                () -> HtmlText.render(html, HtmlText.Budget.DEFAULT));
        assertTrue(rendered.text().length() <= HtmlText.Budget.DEFAULT.maxChars(), name);
    }

    @Test
    void tidiesAMegabyteOfBlanksWithoutALineBreakInLinearTime() {
        String text = "a" + " ".repeat(MEGABYTE) + "b" + " \t\u000B\f\r".repeat(MEGABYTE / 5) + "\n\n\n\nc";
        assertEquals("a" + " ".repeat(MEGABYTE) + "b\n\nc", assertTimeoutPreemptively(GENEROUS,
                () -> HtmlText.tidy(text)));
    }

    @Test
    void tidiesLikeTheRegularExpressionsItReplaced() {
        Pattern blanksBeforeBreak = Pattern.compile("[ \\t\\x0B\\f\\r]+\\n");
        Pattern breaks = Pattern.compile("\\n{3,}");
        Random random = new Random(11);
        String alphabet = " \t\u000B\f\r\n\n\na\u00A0";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder raw = new StringBuilder();
            for (int j = random.nextInt(30); j > 0; j--) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String old = breaks.matcher(blanksBeforeBreak.matcher(raw).replaceAll("\n")).replaceAll("\n\n").strip();
            assertEquals(old, HtmlText.tidy(raw), () -> "for " + raw.toString().replace("\n", "\\n"));
        }
    }

    @Test
    void saysWhenTheBudgetCutTheHtml() {
        HtmlText.Budget small = new HtmlText.Budget(1_000, 10);
        assertEquals(new HtmlText.Rendered("a\nb", false), HtmlText.render("<p>a</p><p>b</p>", small));
        HtmlText.Rendered byTags = HtmlText.render("<p>x</p>".repeat(100), small);
        assertEquals(new HtmlText.Rendered("x\nx\nx\nx\nx", true), byTags);
        HtmlText.Rendered byChars = HtmlText.render("y".repeat(990) + "<a href=\"https://example.org/\">z</a>",
                small);
        assertEquals(new HtmlText.Rendered("y".repeat(990), true), byChars); // the tag it stopped in is dropped
        assertTrue(HtmlText.render("<p>x</p>".repeat(100_000)).endsWith("\n\n" + HtmlText.CUT_LINE));
        assertEquals("x", HtmlText.render("<p>x</p>"));
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        HtmlText.Rendered rendered = HtmlText.render("a" + "😀".repeat(10), new HtmlText.Budget(4, 10));
        assertEquals(new HtmlText.Rendered("a😀", true), rendered);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                shape("a megabyte line of blanks", () -> "new\n" + " ".repeat(MEGABYTE) + "x"),
                shape("a megabyte line of dashes", () -> "new\n" + "-".repeat(MEGABYTE)),
                shape("dashes then blanks", () -> "new\n--" + " ".repeat(MEGABYTE) + "x"),
                shape("On On On ...", () -> "new\n" + "On ".repeat(MEGABYTE / 3)),
                shape("On ... wrote followed by blanks", () -> "new\nOn x wrote" + " \t".repeat(MEGABYTE / 2) + "x"),
                shape("-- Original Message followed by - - -",
                        () -> "new\n-- Original Message" + " -".repeat(MEGABYTE / 2) + "x"),
                shape("half a million From:/Sent: pairs", () -> "From: a\nSent b\n".repeat(MEGABYTE / 16)),
                shape("a megabyte of short lines", () -> "a\n".repeat(MEGABYTE / 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void cutsQuotesFromHostileTextInLinearTime(String name, Supplier<String> input) {
        String text = input.get();
        assertNotNull(assertTimeoutPreemptively(GENEROUS, () -> Quotes.newText(text)), name);
    }

    static Stream<Arguments> headerValues() {
        return Stream.of(
                shape("a megabyte of blanks", () -> " ".repeat(MEGABYTE)),
                shape("<<<<", () -> "<".repeat(MEGABYTE)),
                shape("=?=?=?", () -> "=?".repeat(MEGABYTE / 2)),
                shape("encoded-words without an end", () -> "=?utf-8?q?".repeat(MEGABYTE / 10)),
                shape(";;;;", () -> ";".repeat(MEGABYTE)),
                shape("\"\"\"\"", () -> "\"".repeat(MEGABYTE)),
                shape("\\\\\\\\", () -> "\\".repeat(MEGABYTE)),
                shape("[#[#[#", () -> "[#".repeat(MEGABYTE / 2)),
                shape("[#1[#1[#1", () -> "[#1".repeat(MEGABYTE / 3)),
                shape("[# and a megabyte of digits", () -> "[#" + "1".repeat(MEGABYTE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerValues")
    void classifiesMessagesWithHostileHeadersInLinearTime(String name, Supplier<String> input) {
        String value = input.get();
        Map<String, List<String>> headers = Map.of("Content-Type", List.of(value), "Return-Path", List.of(value),
                "Auto-Submitted", List.of(value), "Precedence", List.of(value), "List-Id", List.of(value));
        ParsedMessage message = new ParsedMessage(Optional.empty(), Optional.empty(), List.of(),
                Optional.of(new Address("x" + value + "@example.org", Optional.of(value))), List.of(), List.of(),
                List.of(), value, Optional.empty(), Optional.empty(), Optional.empty(), headers, List.of(),
                Optional.empty(), List.of());
        Classifier classifier = new Classifier(Set.of("support@example.org"));
        assertNotNull(assertTimeoutPreemptively(GENEROUS, () -> classifier.classify(message)), name);
        assertNotNull(assertTimeoutPreemptively(GENEROUS, () -> SubjectMarker.find(value)), name);
    }

    @Test
    void findsTheMarkerAfterAHostilePrefix() {
        assertEquals(Optional.of(42L), SubjectMarker.find("[#".repeat(100_000) + "[#42]"));
        assertFalse(SubjectMarker.find("[#" + "1".repeat(100_000) + "]").isPresent());
    }
}
