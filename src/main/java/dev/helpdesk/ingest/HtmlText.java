package dev.helpdesk.ingest;

import java.util.Objects;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * A plain-text rendering of an HTML body, for HTML-only mail: block elements become line breaks. It looks at no
 * more HTML than its {@link Budget} allows, so hostile markup costs a bounded time.
 */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title");

    /** Ends the text of {@link #render(String)} when the budget cut the HTML, so a reader knows it is partial. */
    static final String CUT_LINE = "[rest of the HTML body not rendered: longer than the rendering budget]";

    private HtmlText() {
    }

    /**
     * How much HTML a rendering looks at: the first {@code maxChars} characters, and of those only what comes
     * before the {@code maxTags + 1}-th "<".
     *
     * <p>jsoup is linear in characters but quadratic in tags for some shapes: foster-parented content in tables
     * ({@code <table><b>} repeated) re-indexes a growing child list on every insert. Measured on a 2-core
     * machine: 32,768 such tags 0.3 s, 65,536 tags 1.3 s, 131,072 tags 5.5 s, whatever the text between them.
     * {@link #DEFAULT} keeps that worst case near a second (0.7 to 1.4 s on a busy machine), and each limit is
     * about the size of the other in ordinary markup, which has a "<" every 20 to 80 characters.
     */
    public record Budget(int maxChars, int maxTags) {
        public static final Budget DEFAULT = new Budget(2 * 1024 * 1024, 50_000);

        public Budget {
            if (maxChars < 1 || maxTags < 0) {
                throw new IllegalArgumentException("rendering budget must allow some HTML: " + maxChars
                        + " characters, " + maxTags + " tags");
            }
        }
    }

    /** The text of an HTML body; {@code truncated} when the budget stopped the rendering before the end. */
    public record Rendered(String text, boolean truncated) {
        public Rendered {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The text within {@link Budget#DEFAULT}; when the HTML was longer, the last line says so. */
    public static String render(String html) {
        Rendered rendered = render(html, Budget.DEFAULT);
        if (!rendered.truncated()) {
            return rendered.text();
        }
        return rendered.text().isEmpty() ? CUT_LINE : rendered.text() + "\n\n" + CUT_LINE;
    }

    /** The text of what {@code budget} allows of {@code html}, in time linear in that part. */
    public static Rendered render(String html, Budget budget) {
        int end = cut(html, budget);
        Document document = Jsoup.parse(end == html.length() ? html : html.substring(0, end));
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            private int skipping;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element && SKIPPED.contains(element.normalName())) {
                    skipping++;
                } else if (skipping == 0 && node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (skipping == 0 && node instanceof Element element) {
                    if (element.normalName().equals("li")) {
                        newline(text);
                        text.append("- ");
                    } else if (BLOCKS.contains(element.normalName())) {
                        newline(text);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && SKIPPED.contains(element.normalName())) {
                    skipping--;
                } else if (skipping == 0 && node instanceof Element element
                        && BLOCKS.contains(element.normalName()) && !element.normalName().equals("br")) {
                    newline(text);
                }
            }
        }, document.body() == null ? document : document.body());
        return new Rendered(tidy(text), end < html.length());
    }

    /**
     * Where the budget ends the HTML. A cut inside a tag is harmless (the parser drops a tag that the input
     * ends in); a cut between the halves of a surrogate pair is not, so it moves before the pair.
     */
    private static int cut(String html, Budget budget) {
        int end = Math.min(html.length(), budget.maxChars());
        int tags = 0;
        for (int i = 0; i < end; i++) {
            if (html.charAt(i) == '<' && ++tags > budget.maxTags()) {
                return i;
            }
        }
        if (end < html.length() && Character.isHighSurrogate(html.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * Drops blanks before line breaks, keeps at most one empty line in a row, and strips both ends, in one
     * pass. It replaces two regular expressions, the first of which backtracked over every long run of
     * blanks not followed by a line break: 110,000 {@code <b> </b>} spans took 90 s.
     */
    static String tidy(CharSequence raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int blanksFrom = -1; // where in out the blanks since the last other character start, or -1
        int newlines = 0; // line breaks in a row, blanks between them not counting
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\n') {
                if (blanksFrom >= 0) {
                    out.setLength(blanksFrom);
                    blanksFrom = -1;
                }
                if (++newlines <= 2) {
                    out.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
                if (blanksFrom < 0) {
                    blanksFrom = out.length();
                }
                out.append(c);
            } else {
                blanksFrom = -1;
                newlines = 0;
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    private static void newline(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
