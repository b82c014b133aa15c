package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.WebsiteStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the web scraper fetches: redirects within a bound and to http(s) only, bodies within a size
 * and, in full, within the provider timeout (500 ms here); a page it cannot read is the provider's
 * failure naming the node and the address.
 */
class WebPageFetchingTest {

    private static final String NODE = "node cheerioWebScraper_0 (cheerioWebScraper)";

    @TempDir
    Path configDir;
    private final WebsiteStub site = WebsiteStub.start();
    private FlowRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(Duration.ofMillis(500), Duration.ofSeconds(10)), name -> null);
    }

    @AfterEach
    void stop() {
        runtime.close();
        site.close();
    }

    @Test
    void a_redirect_is_followed_and_the_page_keeps_the_address_the_flow_gave() {
        List<SourceDocument> documents = scrape(site.url("/old-faq"));

        assertEquals(site.url("/old-faq"), documents.get(0).metadata().get("source"));
        assertTrue(documents.get(0).pageContent().startsWith("FAQ"), documents.toString());
        assertEquals(List.of("/old-faq", "/faq"), site.paths());
    }

    @Test
    void endless_redirects_and_redirects_away_from_http_are_refused() {
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/loop") + " redirected more than 5 times", site.url("/loop"));
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/to-ftp") + " redirected to ftp://127.0.0.1/pub/, which is not "
                + "an http or https address", site.url("/to-ftp"));
    }

    @Test
    void a_page_that_is_not_found_or_not_html_is_the_provider_s_failure_naming_the_address() {
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/missing") + " answered HTTP 404", site.url("/missing"));
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/files/report.pdf") + " is not an HTML page (Content-Type "
                + "application/pdf)", site.url("/files/report.pdf"));
    }

    @Test
    void an_unreachable_site_is_the_provider_s_failure_naming_the_address() throws Exception {
        String closed;
        try (ServerSocket unused = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + unused.getLocalPort() + "/";
        }
        assertFailure(Kind.PROVIDER, NODE + " could not fetch " + closed + " (ConnectException)", closed);
    }

    @Test
    void a_page_that_answers_late_or_trickles_in_is_a_timeout_that_leaves_no_thread_reading() {
        long started = System.nanoTime();
        assertFailure(Kind.TIMEOUT, NODE + ": " + site.url("/slow") + " did not answer within 500 ms", site.url("/slow"));
        assertFailure(Kind.TIMEOUT, NODE + ": " + site.url("/trickle") + " did not answer within 500 ms", site.url("/trickle"));
        assertTrue(millisSince(started) < 4_000, "each fetch ended at its deadline");

        long closing = System.nanoTime();
        runtime.close(); // waits up to 5 s for workers still busy
        assertTrue(millisSince(closing) < 2_000, "the workers that fetched were free");
    }

    @Test
    void a_page_over_5_mb_is_refused() {
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/huge") + " is larger than 5 MB", site.url("/huge"));
    }

    @Test
    void a_sitemap_that_is_missing_or_lists_nothing_readable_of_its_site_fails_naming_it() {
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/nowhere.xml") + " answered HTTP 404",
                site.url("/nowhere.xml"), "scrapeXMLSitemap");
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/faq") + " is not an XML sitemap (Content-Type text/html; "
                + "charset=utf-8)", site.url("/faq"), "scrapeXMLSitemap");
        assertFailure(Kind.PROVIDER, NODE + ": the sitemap at " + site.url("/partners.xml") + " lists no page of its site",
                site.url("/partners.xml"), "scrapeXMLSitemap");
        assertFailure(Kind.PROVIDER, NODE + ": none of the 2 pages the sitemap at " + site.url("/broken.xml")
                + " lists could be read", site.url("/broken.xml"), "scrapeXMLSitemap");
    }

    @Test
    void a_crawl_skips_linked_pages_it_cannot_read_but_not_its_first_page() {
        assertFailure(Kind.PROVIDER, NODE + ": " + site.url("/missing") + " answered HTTP 404", site.url("/missing"), "webCrawl");
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private List<SourceDocument> scrape(String url) {
        return CheerioWebScraperNode.load(ProviderFixture.node("cheerioWebScraper_0", CheerioWebScraperNode.NAME,
                Map.of("url", url)), new LoaderWiring(runtime)).documents(Map.of());
    }

    private void assertFailure(Kind kind, String message, String url) {
        assertFailure(kind, message, url, "");
    }

    private void assertFailure(Kind kind, String message, String url, String method) {
        CheerioWebScraperNode scraper = CheerioWebScraperNode.load(ProviderFixture.node("cheerioWebScraper_0",
                CheerioWebScraperNode.NAME, Map.of("url", url, "relativeLinksMethod", method)), new LoaderWiring(runtime));
        ChatflowException failure = assertThrows(ChatflowException.class, () -> scraper.documents(Map.of()));
        assertEquals(message, failure.getMessage());
        assertEquals(kind, failure.kind());
    }
}
