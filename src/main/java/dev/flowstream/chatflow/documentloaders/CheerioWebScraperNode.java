package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.streaming.SourceDocument;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flowise's {@code cheerioWebScraper}: the text of the page at {@code url} (of the elements
 * matching {@code selector}, a CSS selector, else of the body), one document per page with the
 * page's address as {@code metadata.source}. With {@code relativeLinksMethod} {@code webCrawl} it
 * also reads the pages the page links to on the same site, with {@code scrapeXMLSitemap} the pages
 * the sitemap at {@code url} lists; {@code limit} pages at most (default 10; 0 means all, up to
 * {@value #MAX_PAGES}). {@code metadata} is added to each page's and {@code omitMetadataKeys}
 * removed, as {@link LoaderOutput} does for every loader. The pages are read when documents are
 * asked for (an upsert, or a memory store's first question), never while the flow loads. The
 * address is the flow file's alone: a request's overrides may replace {@code metadata} and
 * {@code omitMetadataKeys}, nothing that says where to go.
 *
 * <p>Threading: immutable after load; {@link #documents} blocks on the network.
 */
final class CheerioWebScraperNode implements DocumentLoader {

    static final String NAME = "cheerioWebScraper";
    static final int MAX_PAGES = 1000;
    private static final String CRAWL = "webCrawl";
    private static final String SITEMAP = "scrapeXMLSitemap";
    private static final Set<String> OVERRIDABLE = Set.of("metadata", "omitMetadataKeys");

    private final ExportNode node;
    private final URI url;
    private final Optional<String> selector;
    private final Optional<String> method;
    private final int limit;
    private final Optional<TextSplitter> splitter;
    private final SiteCrawler crawler;

    private CheerioWebScraperNode(ExportNode node, Wiring wiring) {
        NodeInputs in = node.inputs();
        this.node = node;
        this.url = address(node, in.text("url").map(String::trim)
                .orElseThrow(() -> node.failure("needs the address of a web page in its url input")));
        this.selector = in.text("selector").map(String::trim);
        selector.ifPresent(css -> checkSelector(node, css));
        this.method = in.text("relativeLinksMethod").map(String::trim);
        if (method.isPresent() && !method.get().equals(CRAWL) && !method.get().equals(SITEMAP)) {
            throw node.failure("input relativeLinksMethod must be " + CRAWL + " or " + SITEMAP + ", not " + method.get());
        }
        int given = in.integer("limit").orElse(10);
        if (given < 0 || given > MAX_PAGES) throw node.failure("input limit must be between 0 (all pages) and " + MAX_PAGES);
        this.limit = given == 0 ? MAX_PAGES : given;
        LoaderOutput.inputMetadata(node, MetadataRule.INPUT_WINS); // a bad value fails the load, not a later upsert
        this.splitter = wiring.optional(node, "textSplitter", Role.TEXT_SPLITTER);
        this.crawler = new SiteCrawler(new WebFetcher(node, wiring.runtime()));
    }

    static CheerioWebScraperNode load(ExportNode node, Wiring wiring) {
        return new CheerioWebScraperNode(node, wiring);
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        List<SourceDocument> pages = new ArrayList<>();
        SiteCrawler.PageReader reader = (source, page) -> pages.add(document(source, page));
        if (method.isEmpty()) {
            reader.read(url.toString(), crawler.page(url));
        } else if (method.get().equals(CRAWL)) {
            crawler.crawl(url, limit, reader);
        } else {
            readSitemap(reader);
        }
        return LoaderOutput.finish(current, pages, splitter, MetadataRule.INPUT_WINS);
    }

    private void readSitemap(SiteCrawler.PageReader reader) {
        List<URI> pages = crawler.sitemap(url, limit);
        if (pages.isEmpty()) throw failure("the sitemap at " + url + " lists no page of its site");
        int read = 0;
        for (URI page : pages) {
            Optional<Document> html = crawler.pageIfReadable(page);
            html.ifPresent(document -> reader.read(page.toString(), document));
            if (html.isPresent()) read++;
        }
        if (read == 0) throw failure("none of the " + pages.size() + " pages the sitemap at " + url + " lists could be read");
    }

    private ChatflowException failure(String problem) {
        return new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + NAME + "): " + problem);
    }

    /** The page's text (of the elements the selector matches) as one document. */
    private SourceDocument document(String source, Document page) {
        List<Element> roots = selector.map(css -> (List<Element>) page.select(css)).orElseGet(() -> List.of(page.body()));
        String text = roots.stream().map(PageText::of).filter(part -> !part.isBlank()).collect(Collectors.joining("\n\n"));
        return new SourceDocument(text, Map.of("source", source));
    }

    private static URI address(ExportNode node, String given) {
        String problem = "input url must be an http or https address like https://example.com/, not " + given;
        try {
            int fragment = given.indexOf('#');
            URI uri = new URI(fragment < 0 ? given : given.substring(0, fragment));
            if (!WebFetcher.fetchable(uri)) throw node.failure(problem);
            return uri;
        } catch (URISyntaxException e) {
            throw node.failure(problem);
        }
    }

    private static void checkSelector(ExportNode node, String css) {
        try {
            Selector.evaluatorOf(css);
        } catch (Selector.SelectorParseException e) {
            throw node.failure("input selector is not a CSS selector Flowstream can read: " + css);
        }
    }
}
