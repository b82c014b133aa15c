package dev.flowstream.chatflow.documentloaders;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The readable text of an HTML element, as the web scraper keeps it: scripts, styles and other
 * non-text content left out; whitespace collapsed as a browser shows it, except in {@code pre};
 * a line break between blocks and a blank line around paragraphs, headings, lists and tables, so
 * that text splitters can cut between them. (Cheerio's {@code text()}, which Flowise uses, keeps
 * script bodies and the page source's indentation; the words are the same.)
 *
 * <p>Threading: stateless; each call builds its own text.
 */
final class PageText {

    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "svg", "head", "iframe");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
            "table", "ul", "ol", "dl", "section", "article", "header", "footer", "main", "nav", "aside", "figure", "form", "hr");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\n\\r\\f\\u00a0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Pattern LINE_ENDS = Pattern.compile("[ \\t]+\\n");

    private PageText() {
    }

    static String of(Element root) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.filter(new Collector(text), root);
        String lines = LINE_ENDS.matcher(text).replaceAll("\n");
        return BLANK_LINES.matcher(lines).replaceAll("\n\n").strip();
    }

    /** Appends text nodes in document order, with breaks where blocks start and end. */
    private record Collector(StringBuilder text) implements NodeFilter {

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                append(textNode);
            } else if (node instanceof Element element) {
                if (SKIPPED.contains(element.normalName())) return FilterResult.SKIP_ENTIRELY;
                if (element.normalName().equals("br")) newline(1);
                else if (element.normalName().equals("td") || element.normalName().equals("th")) space();
                else if (element.isBlock()) newline(PARAGRAPHS.contains(element.normalName()) ? 2 : 1);
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element && element.isBlock()) {
                newline(PARAGRAPHS.contains(element.normalName()) ? 2 : 1);
            }
            return FilterResult.CONTINUE;
        }

        private void append(TextNode node) {
            if (insidePre(node)) {
                text.append(node.getWholeText());
                return;
            }
            String words = SPACES.matcher(node.getWholeText()).replaceAll(" ");
            if (words.startsWith(" ") && (text.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1)))) {
                words = words.substring(1);
            }
            text.append(words);
        }

        private void space() {
            if (!text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) text.append(' ');
        }

        /** Ends the current line and, for {@code count} 2, leaves a blank one; never more breaks than that. */
        private void newline(int count) {
            if (text.isEmpty()) return;
            int trailing = 0;
            while (trailing < text.length() && text.charAt(text.length() - 1 - trailing) == '\n') trailing++;
            for (int i = trailing; i < count; i++) text.append('\n');
        }

        private static boolean insidePre(TextNode node) {
            for (Node parent = node.parentNode(); parent != null; parent = parent.parentNode()) {
                if (parent instanceof Element element && element.normalName().equals("pre")) return true;
            }
            return false;
        }
    }
}
