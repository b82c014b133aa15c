package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.ChromaStub;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.PineconeStub;
import dev.flowstream.testing.SupabaseStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Multi Retrieval QA Chain" template (flowise 1.8.4: supabase, chroma and pinecone
 * stores, each behind a vectorStoreRetriever, openAIEmbeddings, chatOpenAI), with what a user sets
 * in the canvas: the stores' servers (local stubs of their APIs), a text for each store, sources
 * shown. The upsert fills the three stores; a question is routed by the model to one of them and
 * answered, streamed, with that store's passage as its source.
 */
class MultiRetrievalTemplateTest {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@1.8.4/Multi Retrieval QA Chain.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TEXTS = Map.of(
            "supabase_0", "Aqua Teen Hunger Force: the theme song says they are the mooninites' foes.",
            "chroma_0", "Mystery Science Theater 3000: the theme song tells how Joel was shot into space.",
            "pinecone_0", "Animaniacs: the theme song says the Warner brothers and sister live in the water tower.");

    @TempDir
    Path configDir;
    private final OpenAiStub model = OpenAiStub.start();
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final PineconeStub pinecone = PineconeStub.start("pc-key");
    private final ChromaStub chroma = ChromaStub.start(Optional.empty());
    private final SupabaseStub supabase = SupabaseStub.start("sb-key").table("documents", EmbeddingStub.DIMENSIONS, "match_documents", false);
    private DirectoryCatalog catalog;

    @AfterEach
    void stop() {
        if (catalog != null) catalog.close();
        model.close();
        embeddings.close();
        pinecone.close();
        chroma.close();
        supabase.close();
    }

    @Test
    void the_upsert_fills_the_three_stores_and_a_question_is_answered_from_the_one_the_model_routes_it_to() throws Exception {
        Chatflow flow = load();

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(3, upserted.numAdded());
        assertEquals(1, chroma.collection("themes").orElseThrow().records().size());
        assertEquals(1, supabase.rows("documents").size());
        assertEquals(1, pinecone.vectors("").size());

        model.replyWhen("<< CANDIDATE PROMPTS >>", "```json\n{\"destination\": \"mst3k\", \"next_inputs\": "
                + "{\"query\": \"How did Joel get into space?\"}}\n```");
        RecordingSink sink = new RecordingSink();
        FlowResult answer = await(flow.run(FlowRequest.of("In the MST3K theme song, how did Joel get into space?"), sink));

        assertTrue(routerPrompt().contains("mst3k: Good for answering questions about Mystery Science Theater 3000 theme song\n"),
                routerPrompt());
        assertEquals("Echo: How did Joel get into space?", answer.text());
        assertEquals(answer.text(), sink.text());
        assertTrue(sink.tokens().size() > 1, sink.tokens().toString());
        assertEquals(List.of(new SourceDocument(TEXTS.get("chroma_0"), Map.of("source", "chroma_0"))), answer.sourceDocuments());
        List<String> names = sink.names();
        assertEquals(List.of("start", "token"), names.subList(0, 2));
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    private Chatflow load() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"),
                "{\"supabaseApi\": {\"supabaseApiKey\": \"sb-key\"}, \"pineconeApi\": {\"pineconeApiKey\": \"pc-key\"}}");
        ConfigDirs.write(configDir, "multi", template());
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(),
                Map.of("PINECONE_CONTROLLER_HOST", pinecone.controllerUrl())::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("multi").orElseThrow();
    }

    /** The template as Flowise ships it, with the stubs, a plain text loader for each store and sources shown. */
    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE));
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", model.baseUrl()));
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        ConfigDirs.withInputs(export, "supabase_0", Map.of("supabaseProjUrl", supabase.url(), "tableName", "documents",
                "queryName", "match_documents"));
        ConfigDirs.withInputs(export, "chroma_0", Map.of("chromaURL", chroma.url(), "collectionName", "themes"));
        ConfigDirs.withInputs(export, "pinecone_0", Map.of("pineconeIndex", "themes"));
        ConfigDirs.withInputs(export, "multiRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        TEXTS.forEach((store, text) -> {
            String loader = "plainText_" + store;
            ObjectNode node = export.withArray("nodes").addObject().put("id", loader);
            ObjectNode data = node.putObject("data").put("id", loader).put("name", "plainText").put("label", "Plain Text");
            data.putObject("inputs").put("text", text).put("metadata", "{\"source\": \"" + store + "\"}");
            export.withArray("edges").addObject().put("source", loader).put("target", store).put("id", loader + "-" + store);
            ConfigDirs.withInputs(export, store, Map.of("document", List.of("{{" + loader + ".data.instance}}")));
        });
        return export;
    }

    private String routerPrompt() throws Exception {
        JsonNode messages = JSON.readTree(model.requestBodies().get(0)).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }
}
