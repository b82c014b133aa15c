package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.UnstructuredStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Unstructured end to end: unstructuredFileLoader → openAIEmbeddings → faiss → retrievalQAChain, with
 * Unstructured, the embeddings and the model on local stubs; an upsert sends its file to Unstructured,
 * and a streamed answer comes with the matching element as its source.
 */
class UnstructuredFlowTest {

    @TempDir
    Path configDir;
    private final UnstructuredStub unstructured = UnstructuredStub.start("un-key");
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private FlowFixture fixture;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"unstructuredApi\": {\"unstructuredAPIKey\": \"un-key\"}}");
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
        unstructured.close();
    }

    @Test
    void an_upsert_s_file_is_partitioned_and_a_streamed_answer_comes_with_the_matching_element() throws Exception {
        Chatflow flow = flow();
        String upload = LoaderFixture.upload("otters.txt", "text/plain",
                "Otter facts\n\nOtters hold hands while they sleep.\n\nHoney never spoils.".getBytes(StandardCharsets.UTF_8));

        UpsertResult upserted = flow.upsert(Map.of("txtFile", upload)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        RecordingSink sink = new RecordingSink();
        FlowResult result = await(flow.run(FlowRequest.of("Do otters hold hands while they sleep?"), sink));

        assertEquals(3, upserted.numAdded());
        assertEquals(1, unstructured.forms().size());
        assertEquals("Echo: Do otters hold hands while they sleep?", result.text());
        assertEquals(result.text(), sink.text());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        SourceDocument best = result.sourceDocuments().get(0);
        assertEquals("Otters hold hands while they sleep.", best.pageContent());
        assertEquals("otters.txt", best.metadata().get("source"));
        assertEquals("NarrativeText", best.metadata().get("category"));
    }

    /** Flowstream's retrieval QA export with its plain text replaced by the Unstructured loader and its store by faiss. */
    private Chatflow flow() throws Exception {
        String json = FlowFixture.export("retrieval-qa-plain-text").toString()
                .replace("plainText_0", "unstructuredFileLoader_0")
                .replace("\"name\":\"plainText\"", "\"name\":\"unstructuredFileLoader\"")
                .replace("memoryVectorStore_0", "faiss_0").replace("\"name\":\"memoryVectorStore\"", "\"name\":\"faiss\"");
        ObjectNode export = (ObjectNode) Json.reader().readTree(json);
        ConfigDirs.withInputs(export, "unstructuredFileLoader_0", Map.of("unstructuredAPIUrl", unstructured.url(),
                "strategy", "auto", "chunkingStrategy", "by_title"));
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }
}
