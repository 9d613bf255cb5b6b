package dev.helpdesk.ingest;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** A plain-text rendering of an HTML body, for HTML-only mail: block elements become line breaks. */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title");

    private HtmlText() {
    }

    public static String render(String html) {
        Document document = Jsoup.parse(html);
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
        return text.toString().replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void newline(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
