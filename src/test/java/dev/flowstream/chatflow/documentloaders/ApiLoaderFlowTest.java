package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.json.Json;
import dev.flowstream.testing.ApiStub;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An API loader end to end: apiLoader (split by a recursive splitter) → openAIEmbeddings → faiss →
 * retrievalQAChain, with the API, the embeddings and the model on local stubs; the upsert reads the
 * API, and a streamed answer comes with the API's passage as its source.
 */
class ApiLoaderFlowTest {

    @TempDir
    Path configDir;
    private final ApiStub api = ApiStub.start();
    private final EmbeddingStub embeddings = EmbeddingStub.start();
    private FlowFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
        embeddings.close();
        api.close();
    }

    @Test
    void an_upsert_reads_the_api_and_a_streamed_answer_comes_with_its_passage_as_source() throws Exception {
        Chatflow flow = flow(api.url("/otters"));
        assertEquals(List.of(), api.requests(), "loading the flow calls no API");

        UpsertResult upserted = flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        RecordingSink sink = new RecordingSink();
        FlowResult result = await(flow.run(FlowRequest.of("How much does Kelp weigh?"), sink));

        assertTrue(upserted.numAdded() > 1, "the splitter cut the answer: " + upserted.numAdded());
        assertEquals(1, api.requests().size());
        assertEquals("Echo: How much does Kelp weigh?", result.text());
        assertEquals(result.text(), sink.text());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertTrue(result.sourceDocuments().stream().anyMatch(source -> source.pageContent().contains("\"weight\": 22.5")),
                result.sourceDocuments().toString());
        assertEquals(Map.of("url", api.url("/otters")), result.sourceDocuments().get(0).metadata());
    }

    @Test
    void an_upsert_whose_api_answers_404_fails_as_the_provider_naming_the_node() throws Exception {
        Chatflow flow = flow(api.url("/gone"));

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> flow.upsert(Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS));

        ChatflowException failure = assertInstanceOf(ChatflowException.class, failed.getCause());
        assertEquals(ChatflowException.Kind.PROVIDER, failure.kind());
        assertEquals("node apiLoader_0 (apiLoader): " + api.url("/gone") + " answered HTTP 404", failure.getMessage());
    }

    /** Flowstream's retrieval QA export with its plain text replaced by an API loader and its store by faiss. */
    private Chatflow flow(String url) throws IOException {
        fixture = new FlowFixture(configDir);
        String json = FlowFixture.export("retrieval-qa-plain-text").toString()
                .replace("plainText_0", "apiLoader_0").replace("\"name\":\"plainText\"", "\"name\":\"apiLoader\"")
                .replace("memoryVectorStore_0", "faiss_0").replace("\"name\":\"memoryVectorStore\"", "\"name\":\"faiss\"");
        ObjectNode export = (ObjectNode) Json.reader().readTree(json);
        ConfigDirs.withInputs(export, "apiLoader_0", Map.of("url", url, "method", "GET"));
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()));
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }
}
