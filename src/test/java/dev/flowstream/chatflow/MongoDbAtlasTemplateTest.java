package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.MongoAtlasStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's "Conversational Retrieval QA Chain" template (flowise 1.8.4) with its store switched to
 * {@code mongoDBAtlas}, as a user would in the canvas, and a plain text to upsert: the upsert fills
 * the collection, and a question is answered, streamed, with the passage as its source.
 */
class MongoDbAtlasTemplateTest {

    private static final Path TEMPLATE = Path.of("target/flowise-templates/flowise@1.8.4/Conversational Retrieval QA Chain.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSAGE = "The MongoDB Atlas node keeps each passage as one document with its vector.";

    @TempDir
    Path configDir;
    private final OpenAiStub model = OpenAiStub.start();
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private final MongoAtlasStub mongo = MongoAtlasStub.start().withIndex("docs", "passages", "vector_index", "embedding");
    private DirectoryCatalog catalog;

    @AfterEach
    void stop() {
        if (catalog != null) catalog.close();
        model.close();
        embeddings.close();
        mongo.close();
    }

    @Test
    void the_upsert_fills_the_collection_and_a_question_streams_its_answer_with_the_passage_as_source() throws Exception {
        Chatflow flow = load();

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(1, upserted.numAdded());
        assertEquals(1, mongo.documents("docs", "passages").size());
        String id = mongo.documents("docs", "passages").get(0).getObjectId("_id").getValue().toHexString();
        RecordingSink sink = new RecordingSink();
        FlowResult answer = await(flow.run(FlowRequest.of("Where does the MongoDB Atlas node keep a passage?"), sink));

        assertEquals(List.of(new SourceDocument(PASSAGE, Map.of("_id", id, "source", "notes"))), answer.sourceDocuments());
        assertEquals(answer.text(), sink.text());
        assertTrue(sink.tokens().size() > 1, sink.tokens().toString());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertEquals(1, mongo.commands("aggregate").size());
    }

    private Chatflow load() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"),
                "{\"mistralAIApi\": {\"mistralAIAPIKey\": \"k\"}, \"mongoDBUrlApi\": {\"mongoDBConnectUrl\": \""
                + mongo.url() + "\"}}");
        ConfigDirs.write(configDir, "mongo-qa", template());
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), Map.<String, String>of()::get);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("mongo-qa").orElseThrow();
    }

    private ObjectNode template() throws Exception {
        ObjectNode export = (ObjectNode) JSON.readTree(Files.readString(TEMPLATE).replace("faiss_0", "mongoDBAtlas_0")
                .replace("\"name\": \"faiss\"", "\"name\": \"mongoDBAtlas\""));
        ConfigDirs.withInputs(export, "chatMistralAI_0", Map.of("overrideEndpoint", model.baseUrl().replaceAll("/v1$", "")));
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        ConfigDirs.withInputs(export, "conversationalRetrievalQAChain_0", Map.of("returnSourceDocuments", true));
        ObjectNode loader = export.withArray("nodes").addObject().put("id", "plainText_9");
        ObjectNode data = loader.putObject("data").put("id", "plainText_9").put("name", "plainText").put("label", "Plain Text");
        data.putObject("inputs").put("text", PASSAGE).put("metadata", "{\"source\": \"notes\"}");
        export.withArray("edges").addObject().put("source", "plainText_9").put("target", "mongoDBAtlas_0").put("id", "plainText_9-mongoDBAtlas_0");
        ConfigDirs.withInputs(export, "mongoDBAtlas_0", Map.of("databaseName", "docs", "collectionName", "passages",
                "indexName", "vector_index", "document", List.of("{{plainText_9.data.instance}}")));
        return export;
    }
}
