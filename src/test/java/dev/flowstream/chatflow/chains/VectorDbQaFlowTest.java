package dev.flowstream.chatflow.chains;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plainText → splitter → openAIEmbeddings → memoryVectorStore (topK 2) → vectorDBQAChain, against the stubs. */
class VectorDbQaFlowTest {

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private EmbeddingStub embeddings;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        embeddings = EmbeddingStub.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
    }

    @Test
    void the_store_s_top_k_passages_are_the_context_and_the_answer_streams_before_its_sources() throws Exception {
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(export()).run(FlowRequest.of("Why does the Eiffel Tower grow taller?"), sink));

        List<String> sent = fixture.sentMessages();
        assertTrue(sent.get(0).startsWith("system: " + RetrievalQaChainNode.SYSTEM + RetrievalQaFlowTest.EIFFEL + "\n\n"), sent.get(0));
        assertEquals("user: Why does the Eiffel Tower grow taller?", sent.get(1));
        assertEquals(2, result.sourceDocuments().size(), "the store's topK");
        assertEquals(RetrievalQaFlowTest.EIFFEL, result.sourceDocuments().get(0).pageContent());
        assertEquals("Echo: Why does the Eiffel Tower grow taller?", sink.text());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertEquals(List.of("Why does the Eiffel Tower grow taller?"), embeddings.requests().get(1).inputs());
    }

    @Test
    void a_missing_store_or_model_or_a_retriever_in_place_of_the_store_fails_the_load() {
        assertEquals("node vectorDBQAChain_0 (vectorDBQAChain) needs a node connected to its vectorStore input",
                loadFailure(ConfigDirs.withInputs(export(), "vectorDBQAChain_0", Map.of("vectorStore", ""))));
        assertEquals("node vectorDBQAChain_0 (vectorDBQAChain) needs a node connected to its model input",
                loadFailure(ConfigDirs.withInputs(export(), "vectorDBQAChain_0", Map.of("model", ""))));
        String notAStore = loadFailure(ConfigDirs.withInputs(export(), "vectorDBQAChain_0",
                Map.of("vectorStore", "{{plainText_0.data.instance}}")));
        assertTrue(notAStore.startsWith("node vectorDBQAChain_0 (vectorDBQAChain) input vectorStore is connected to node "
                + "plainText_0 of type plainText; Flowstream supports only a vector store there"), notAStore);
        assertEquals("node vectorDBQAChain_0 (vectorDBQAChain) input inputModeration references node inputModerationOpenAI_0, "
                + "which is not in the export",
                loadFailure(ConfigDirs.withInputs(export(), "vectorDBQAChain_0",
                        Map.of("inputModeration", List.of("{{inputModerationOpenAI_0.data.instance}}")))));
    }

    private ObjectNode export() {
        return ConfigDirs.withInputs(FlowFixture.export("vector-db-qa"), "openAIEmbeddings_0",
                Map.of("basepath", embeddings.openAiBaseUrl()));
    }

    private Chatflow flow(ObjectNode export) {
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(ObjectNode export) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }
}
