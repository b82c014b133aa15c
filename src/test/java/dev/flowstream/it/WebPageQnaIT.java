package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import dev.flowstream.testing.WebsiteStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.flowstream.it.TemplateFlows.ask;
import static dev.flowstream.it.TemplateFlows.awaitFlow;
import static dev.flowstream.it.TemplateFlows.sourcesAfterTokens;
import static dev.flowstream.it.TemplateFlows.template;
import static dev.flowstream.it.TemplateFlows.upsert;
import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flowise's own "WebPage QnA" template (flowise 1.8.4: cheerioWebScraper with an
 * htmlToMarkdownTextSplitter, openAIEmbeddings, pinecone, chatOpenAI, conversationalRetrievalQAChain)
 * through the whole server: its scraper pointed at a local website and set to crawl it, its models at
 * the local stubs; the upsert reads the site's pages, and a streamed answer names the page it used.
 * Its pinecone store is switched to a memoryVectorStore: Pinecone's address comes only from the
 * process environment, which a test cannot set for a server in its own JVM (the pinecone node has
 * its own tests against a stub of Pinecone's API).
 */
class WebPageQnaIT {

    private static final String FLOW = "webpage-qna";

    private WebsiteStub site;
    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        site = WebsiteStub.start();
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        server = TestServer.start(model);
        write(FLOW, Map.of("url", site.url("/"), "relativeLinksMethod", "webCrawl"));
    }

    @AfterEach
    void stop() {
        server.close();
        embeddings.close();
        model.close();
        site.close();
    }

    @Test
    void an_upsert_reads_the_site_s_pages_and_a_streamed_answer_names_the_page_it_used() throws Exception {
        assertEquals(List.of(), site.paths(), "loading the flow reads no page");

        assertEquals(4, upsert(server, FLOW));
        assertEquals(List.of("/", "/guide/", "/guide/install", "/faq", "/missing", "/files/report.pdf"), site.paths());

        List<JsonNode> events = ask(server, FLOW, "Do otters hold hands while they sleep?");
        assertEquals(site.url("/faq"), sourcesAfterTokens(events).get(0), events.toString());
        JsonNode faq = events.stream().filter(event -> event.path("event").asText().equals("sourceDocuments")).findFirst()
                .orElseThrow().path("data").path(0);
        assertEquals("FAQ Do otters sleep? They hold hands while they sleep. What do they eat? Sea urchins and crabs. "
                + "Copyright Otterly", faq.path("pageContent").asText(), JSON.writeValueAsString(faq));
    }

    @Test
    void an_upsert_whose_page_is_not_there_is_a_502_naming_the_node_and_the_address() throws Exception {
        write("missing-page", Map.of("url", site.url("/missing")));

        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/missing-page", "", "application/json");

        assertEquals(502, upsert.statusCode(), upsert.body());
        assertEquals("node cheerioWebScraper_0 (cheerioWebScraper): " + site.url("/missing") + " answered HTTP 404",
                JSON.readTree(upsert.body()).path("message").asText());
    }

    /** The template with the scraper's inputs, the models at the stubs and a memory store for Pinecone. */
    private void write(String id, Map<String, Object> scraper) throws Exception {
        String export = template("flowise@1.8.4", "WebPage QnA", Map.of(
                "cheerioWebScraper_0", scraper,
                "chatOpenAI_0", Map.of("basepath", model.baseUrl()),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl())))
                .toString().replace("pinecone_0", "memoryVectorStore_0").replace("\"name\":\"pinecone\"", "\"name\":\"memoryVectorStore\"");
        Files.writeString(server.configDir().resolve("chatflows/" + id + ".json"), export);
        awaitFlow(server, id);
    }
}
