package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static dev.flowstream.chatflow.chains.RetrievalQaFlowTest.EIFFEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conversationalRetrievalQAChain exports: memory and rephrasing, folderFiles with Ollama embeddings, the Lucene retriever. */
class ConversationalRetrievalFlowTest {

    private static final String QUESTION = "Why does the Eiffel Tower grow taller?";

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
    void a_follow_up_is_rephrased_silently_and_only_the_answer_streams_then_its_sources_before_end() throws Exception {
        Chatflow flow = flow(withEmbeddings("conversational-retrieval-memory"));
        await(flow.run(request("Tell me about otters"), new RecordingSink()));
        assertEquals(1, fixture.stub().requests());
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request(QUESTION), sink));

        assertEquals(3, fixture.stub().requests());
        assertEquals("Echo: " + QUESTION, result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(1, sink.count("start"));
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertEquals(List.of(new SourceDocument(EIFFEL, Map.of())), result.sourceDocuments());
        assertEquals(new StreamEvent.SourceDocuments(result.sourceDocuments()), sink.events().get(names.size() - 2));
        String retrievedWith = last(embeddings.requests()).inputs().get(0);
        assertTrue(retrievedWith.startsWith("Echo: Given the following conversation and a follow up question"), retrievedWith);
        assertTrue(retrievedWith.contains("Human: Tell me about otters\nAI: Echo: Tell me about otters\n"
                + "Follow Up Input: " + QUESTION), retrievedWith);
    }

    @Test
    void the_answer_sees_the_context_and_the_conversation_from_memory() throws Exception {
        Chatflow flow = flow(withEmbeddings("conversational-retrieval-memory"));

        await(flow.run(request("Tell me about otters"), new RecordingSink()));
        await(flow.run(request(QUESTION), new RecordingSink()));

        List<String> sent = fixture.sentMessages();
        String system = "system: " + ConversationalRetrievalQaChainNode.RESPONSE.replace("{context}", EIFFEL);
        assertEquals(List.of(system, "user: Tell me about otters", "assistant: Echo: Tell me about otters",
                "user: " + QUESTION), sent);
    }

    @Test
    void a_failed_turn_leaves_no_history_so_the_next_question_is_not_rephrased() throws Exception {
        Chatflow flow = flow(withEmbeddings("conversational-retrieval-memory"));

        failure(flow.run(request("[[fail]]"), new RecordingSink()));
        await(flow.run(request(QUESTION), new RecordingSink()));

        assertEquals(2, fixture.stub().requests());
        assertEquals(QUESTION, last(embeddings.requests()).inputs().get(0));
    }

    @Test
    void folder_files_embedded_by_ollama_are_retrieved_with_their_file_names() throws Exception {
        Path folder = Files.createDirectories(configDir.resolve("knowledge/more"));
        Files.writeString(folder.resolveSibling("otters.md"), "# Otters\n\nOtters hold hands while they sleep.");
        Files.writeString(folder.resolveSibling("tower.txt"), EIFFEL);
        Files.writeString(folder.resolve("honey.md"), "Honey never spoils.");
        Files.writeString(folder.resolve("image.png"), "not text");
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversational-retrieval-folder-ollama"),
                "ollamaEmbedding_0", Map.of("baseUrl", embeddings.ollamaBaseUrl()));
        Chatflow flow = flow(export);

        FlowResult result = await(flow.run(request(QUESTION), new RecordingSink()));
        Chatflow topLevelOnly = flow(ConfigDirs.withInputs(export, "folderFiles_0", Map.of("recursive", false)));

        assertEquals(new SourceDocument(EIFFEL, Map.of("source", "tower.txt")), result.sourceDocuments().get(0));
        assertEquals(2, result.sourceDocuments().size());
        EmbeddingStub.Request indexing = embeddings.requests().get(0);
        assertEquals("/api/embed", indexing.path());
        assertEquals("nomic-embed-text", indexing.model());
        assertEquals(List.of("Honey never spoils.", "# Otters\n\nOtters hold hands while they sleep.", EIFFEL),
                indexing.inputs());
        assertTrue(topLevelOnly.streamable());
        await(topLevelOnly.run(request(QUESTION), new RecordingSink()));
        List<String> topLevelFiles = List.of("# Otters\n\nOtters hold hands while they sleep.", EIFFEL);
        assertTrue(embeddings.requests().stream().anyMatch(r -> r.inputs().equals(topLevelFiles)),
                embeddings.requests().toString());
    }

    @Test
    void the_lucene_retriever_answers_from_the_local_docs_without_an_embedding_model() throws Exception {
        ConfigDirs.doc(configDir, "tower.md", "# Eiffel Tower\n\n" + EIFFEL);
        ConfigDirs.doc(configDir, "otters.md", "# Otters\n\nOtters hold hands while they sleep.");
        Chatflow flow = flow(FlowFixture.export("conversational-retrieval-lucene"));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request(QUESTION), sink));

        assertTrue(flow.streamable());
        assertEquals("tower.md", result.sourceDocuments().get(0).metadata().get("source"));
        assertEquals("sourceDocuments", sink.names().get(sink.names().size() - 2));
        assertTrue(fixture.sentMessages().get(0).contains("# Eiffel Tower\n\n" + EIFFEL), fixture.sentMessages().get(0));
        assertEquals(List.of(), embeddings.requests());
    }

    @Test
    void a_model_that_does_not_stream_makes_the_chain_answer_without_events() throws Exception {
        ConfigDirs.doc(configDir, "tower.md", EIFFEL);
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversational-retrieval-lucene"), "chatOpenAI_0",
                Map.of("streaming", false));
        Chatflow flow = flow(export);
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request(QUESTION), sink));

        assertEquals(false, flow.streamable());
        assertEquals("Echo: " + QUESTION, result.text());
        assertEquals(List.of(), sink.events());
    }

    private ObjectNode withEmbeddings(String name) {
        return ConfigDirs.withInputs(FlowFixture.export(name), "openAIEmbeddings_0",
                Map.of("basepath", embeddings.openAiBaseUrl()));
    }

    private Chatflow flow(ObjectNode export) {
        return fixture.flow(export, FlowFixture.settings(100, 3_600_000));
    }

    private static FlowRequest request(String question) {
        return new FlowRequest(question, "chat-1", Map.of(), List.of());
    }

    private static <T> T last(List<T> items) {
        return items.get(items.size() - 1);
    }
}
