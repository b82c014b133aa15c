package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.WebsiteStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** cheerioWebScraper against a small local website: one page, a selector, a crawl, a sitemap, metadata. */
class CheerioWebScraperNodeTest {

    @TempDir
    Path configDir;
    private final WebsiteStub site = WebsiteStub.start();
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
    }

    @AfterEach
    void stop() {
        runtime.close();
        site.close();
    }

    @Test
    void a_page_s_text_without_scripts_or_styles_is_one_document_named_by_its_address() {
        List<SourceDocument> documents = load(Map.of("url", site.url("/"))).documents(Map.of());

        assertEquals(List.of(new SourceDocument("Guide | FAQ | Old page | Report | Partner | Mail | Top\n\nWelcome to Otterly\n\n"
                + "Otterly keeps your sea otters organised.", Map.of("source", site.url("/")))), documents);
        assertEquals(List.of("/"), site.paths());
    }

    @Test
    void preformatted_text_keeps_its_lines_and_a_selector_keeps_only_the_elements_it_matches() {
        assertEquals("Install\n\nInstall Otterly with one command:\n\ncurl -s otterly.invalid/install | sh\n  --with-kelp",
                load(Map.of("url", site.url("/guide/install"))).documents(Map.of()).get(0).pageContent());

        List<SourceDocument> answers = load(Map.of("url", site.url("/faq"), "selector", "div.answers")).documents(Map.of());
        assertEquals("Do otters sleep?\n\nThey hold hands while they sleep.\n\nWhat do they eat?\n\nSea urchins and crabs.",
                answers.get(0).pageContent());
    }

    @Test
    void loading_the_flow_fetches_nothing() {
        load(Map.of("url", site.url("/"), "relativeLinksMethod", "webCrawl"));

        assertEquals(List.of(), site.paths());
    }

    @Test
    void a_web_crawl_follows_the_site_s_own_links_depth_first_and_skips_what_is_not_a_readable_page() {
        List<SourceDocument> documents = load(Map.of("url", site.url("/"), "relativeLinksMethod", "webCrawl", "limit", "0"))
                .documents(Map.of());

        assertEquals(List.of(site.url(""), site.url("/guide"), site.url("/guide/install"), site.url("/faq")), sources(documents));
        assertEquals(List.of("/", "/guide/", "/guide/install", "/faq", "/missing", "/files/report.pdf"), site.paths());
    }

    @Test
    void the_crawl_limit_counts_pages_visited_and_defaults_to_ten() {
        List<SourceDocument> two = load(Map.of("url", site.url("/"), "relativeLinksMethod", "webCrawl", "limit", "2"))
                .documents(Map.of());
        assertEquals(List.of(site.url(""), site.url("/guide")), sources(two));

        List<SourceDocument> unset = load(Map.of("url", site.url("/"), "relativeLinksMethod", "webCrawl")).documents(Map.of());
        assertEquals(4, unset.size());
    }

    @Test
    void a_sitemap_s_pages_of_its_own_site_are_read_in_its_order_up_to_the_limit() {
        List<SourceDocument> all = load(Map.of("url", site.url("/sitemap.xml"), "relativeLinksMethod", "scrapeXMLSitemap",
                "limit", "0")).documents(Map.of());
        assertEquals(List.of(site.url("/faq"), site.url("/guide/install"), site.url("/")), sources(all));

        List<SourceDocument> one = load(Map.of("url", site.url("/sitemap.xml"), "relativeLinksMethod", "scrapeXMLSitemap",
                "limit", "1")).documents(Map.of());
        assertEquals(List.of(site.url("/faq")), sources(one));
    }

    @Test
    void each_page_is_cut_by_the_text_splitter() {
        TextSplitter paragraphs = text -> List.of(text.split("\n\n"));
        ExportNode node = ProviderFixture.node("cheerioWebScraper_0", CheerioWebScraperNode.NAME,
                Map.of("url", site.url("/faq"), "selector", ".answers"));

        List<SourceDocument> chunks = CheerioWebScraperNode.load(node, new LoaderWiring(runtime, Optional.of(paragraphs)))
                .documents(Map.of());

        assertEquals(4, chunks.size());
        assertEquals(new SourceDocument("Sea urchins and crabs.", Map.of("source", site.url("/faq"))), chunks.get(3));
    }

    @Test
    void metadata_is_added_and_omitted_keys_removed_and_a_request_may_change_only_those() {
        Map<String, Object> inputs = Map.of("url", site.url("/faq"), "metadata", "{\"product\": \"otterly\", \"tags\": [\"faq\"]}");
        CheerioWebScraperNode scraper = load(inputs);

        assertEquals(Map.of("source", site.url("/faq"), "product", "otterly", "tags", List.of("faq")),
                scraper.documents(Map.of()).get(0).metadata());
        assertEquals(Map.of("product", "otterly"), scraper.documents(Map.of("omitMetadataKeys", "source, tags")).get(0).metadata());
        assertEquals(Map.of("product", "otterly", "tags", List.of("faq")),
                scraper.documents(Map.of("omitMetadataKeys", "*")).get(0).metadata());

        Map<String, Object> redirected = new HashMap<>(Map.of("url", "http://elsewhere.invalid/", "selector", "footer",
                "limit", "0", "relativeLinksMethod", "webCrawl"));
        List<SourceDocument> unchanged = scraper.documents(redirected);
        assertEquals(List.of(site.url("/faq")), sources(unchanged));
        assertEquals(List.of("/faq", "/faq", "/faq", "/faq"), site.paths());
    }

    @Test
    void an_address_that_is_not_http_or_https_fails_the_load_naming_the_input() {
        for (String url : List.of("file:///etc/passwd", "flowiseai.com", "ftp://127.0.0.1/")) {
            FlowLoadException failure = assertThrows(FlowLoadException.class, () -> load(Map.of("url", url)));
            assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) input url must be an http or https address like "
                    + "https://example.com/, not " + url, failure.getMessage());
        }
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) needs the address of a web page in its url input",
                assertThrows(FlowLoadException.class, () -> load(Map.of("url", " "))).getMessage());
    }

    @Test
    void a_bad_selector_method_or_limit_fails_the_load_naming_the_input() {
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) input selector is not a CSS selector Flowstream can read: div[",
                assertThrows(FlowLoadException.class, () -> load(Map.of("url", site.url("/"), "selector", "div["))).getMessage());
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) input relativeLinksMethod must be webCrawl or "
                + "scrapeXMLSitemap, not spider", assertThrows(FlowLoadException.class,
                () -> load(Map.of("url", site.url("/"), "relativeLinksMethod", "spider"))).getMessage());
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) input limit must be between 0 (all pages) and 1000",
                assertThrows(FlowLoadException.class, () -> load(Map.of("url", site.url("/"), "limit", "-1"))).getMessage());
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper) input metadata must be a JSON object",
                assertThrows(FlowLoadException.class, () -> load(Map.of("url", site.url("/"), "metadata", "[1]"))).getMessage());
    }

    private CheerioWebScraperNode load(Map<String, Object> inputs) {
        ExportNode node = ProviderFixture.node("cheerioWebScraper_0", CheerioWebScraperNode.NAME, inputs);
        return CheerioWebScraperNode.load(node, new LoaderWiring(runtime));
    }

    private static List<Object> sources(List<SourceDocument> documents) {
        return documents.stream().map(document -> document.metadata().get("source")).toList();
    }
}
