package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Finds the pages a web loader reads beyond its first one, as Flowise's {@code webCrawl} and
 * {@code xmlScrape} do. A crawl walks the links ({@code <a href>}) of the start page depth first,
 * in document order, keeping links to the same host and port; each page counts once, by its
 * address without fragment and trailing slash, and every visited page counts against the limit,
 * even one that could not be read. A sitemap gives the {@code <loc>} of its {@code <url>} entries,
 * in order, on the sitemap's own host (the sitemap protocol allows no other). The first page (or the
 * sitemap) must be readable, else its failure is thrown; later pages that fail are logged and skipped.
 *
 * <p>Threading: stateless apart from its fetcher; one crawl runs on the calling thread.
 */
final class SiteCrawler {

    /** What a crawl hands over for each page it read: its address (as Flowise names it) and its HTML. */
    @FunctionalInterface
    interface PageReader {
        void read(String source, Document page);
    }

    private static final Logger LOG = Logger.getLogger(SiteCrawler.class.getName());

    private final WebFetcher fetcher;

    SiteCrawler(WebFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Reads {@code start} and the pages its links lead to, at most {@code limit} pages in all. */
    void crawl(URI start, int limit, PageReader reader) {
        String scheme = start.getScheme().toLowerCase(Locale.ROOT);
        Set<String> visited = new LinkedHashSet<>();
        Deque<URI> next = new ArrayDeque<>(List.of(start));
        while (!next.isEmpty() && visited.size() < limit) {
            URI uri = next.pop();
            if (!sameSite(start, uri) || !visited.add(normalized(scheme, uri))) continue;
            Optional<Document> page = visited.size() == 1 ? Optional.of(page(uri)) : pageIfReadable(uri);
            if (page.isEmpty()) continue;
            reader.read(normalized(scheme, uri), page.get());
            List<URI> links = links(page.get());
            for (int i = links.size() - 1; i >= 0; i--) next.push(links.get(i)); // the first link is visited first
        }
    }

    /** The page addresses the sitemap at {@code sitemap} lists, at most {@code limit}. */
    List<URI> sitemap(URI sitemap, int limit) {
        WebPage page = fetcher.get(sitemap);
        if (page.status() >= 400) throw failure(sitemap, "answered HTTP " + page.status());
        if (!page.isXml()) throw failure(sitemap, "is not an XML sitemap (Content-Type " + page.contentType().orElse("none") + ")");
        List<URI> pages = new ArrayList<>();
        for (Element entry : Jsoup.parse(page.text(), sitemap.toString(), Parser.xmlParser()).select("url")) {
            Optional<URI> loc = Optional.ofNullable(entry.selectFirst("loc")).flatMap(e -> uri(e.text().trim()));
            if (loc.isPresent() && WebFetcher.fetchable(loc.get()) && sameSite(sitemap, loc.get())) pages.add(loc.get());
            if (pages.size() == limit) break;
        }
        return pages;
    }

    /** The HTML page at {@code uri}; one that cannot be read fails naming the node and the address. */
    Document page(URI uri) {
        WebPage page = fetcher.get(uri);
        if (page.status() >= 400) throw failure(uri, "answered HTTP " + page.status());
        if (!page.isHtml()) throw failure(uri, "is not an HTML page (Content-Type " + page.contentType().orElse("none") + ")");
        return parse(page);
    }

    /** The page, or none (logged) when the site fails to give it: for pages found through links or a sitemap. */
    Optional<Document> pageIfReadable(URI uri) {
        try {
            return Optional.of(page(uri));
        } catch (ChatflowException e) {
            if (e.kind() != ChatflowException.Kind.PROVIDER && e.kind() != ChatflowException.Kind.TIMEOUT) throw e;
            LOG.info(() -> "skipped " + uri.getHost() + uri.getRawPath() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static Document parse(WebPage page) {
        try {
            String charset = page.charset().map(Charset::name).orElse(null); // none: jsoup reads the page's <meta charset>
            return Jsoup.parse(new ByteArrayInputStream(page.body()), charset, page.uri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    private static List<URI> links(Document page) {
        List<URI> links = new ArrayList<>();
        for (Element link : page.select("a[href]")) {
            String href = link.absUrl("href");
            int fragment = href.indexOf('#');
            uri(fragment < 0 ? href : href.substring(0, fragment)).filter(WebFetcher::fetchable).ifPresent(links::add);
        }
        return links;
    }

    private static boolean sameSite(URI start, URI other) {
        return start.getHost().equalsIgnoreCase(other.getHost()) && port(start) == port(other);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) return uri.getPort();
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Flowise's name for a page: the start's scheme, host, port, path and query, without a trailing slash. */
    static String normalized(String scheme, URI uri) {
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String name = uri.getHost().toLowerCase(Locale.ROOT) + port + path + query;
        return scheme + "://" + (name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
    }

    private static Optional<URI> uri(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(new URI(text));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private ChatflowException failure(URI uri, String problem) {
        return new ChatflowException(ChatflowException.Kind.PROVIDER, fetcher.who() + ": " + uri + " " + problem);
    }
}
