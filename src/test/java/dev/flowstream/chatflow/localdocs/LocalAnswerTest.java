package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped local-docs export answering from a temporary docs directory. */
class LocalAnswerTest {

    private static final String STREAMING = """
            # Streaming

            Pass socketIOClientId in the prediction body and the socket with that id receives
            start, token and end events.""";
    private static final String KEYS = """
            # API keys

            A chatflow can require an API key sent as an Authorization Bearer header.

            Keys are stored hashed.""";

    @TempDir
    Path configDir;
    private DirectoryCatalog catalog;

    @AfterEach
    void close() {
        if (catalog != null) catalog.close();
    }

    @Test
    void the_best_matching_passage_is_streamed_and_returned_as_a_source() throws Exception {
        Chatflow flow = flow(Map.of("topK", "1"));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow, "how do I receive streaming token events?", sink);

        assertEquals(STREAMING, result.text());
        assertEquals(result.text(), sink.text());
        assertTrue(sink.tokens().size() > 10, "streamed word by word: " + sink.tokens());
        assertEquals(1, result.sourceDocuments().size());
        SourceDocument source = result.sourceDocuments().get(0);
        assertEquals("streaming.md", source.metadata().get("source"));
        assertEquals(0, source.metadata().get("passage"));
        assertEquals(List.of("sourceDocuments", "end"), sink.names().subList(sink.names().size() - 2, sink.names().size()));
        assertEquals(new StreamEvent.SourceDocuments(result.sourceDocuments()), sink.events().get(sink.events().size() - 2));
    }

    @Test
    void top_k_passages_are_joined_in_rank_order() throws Exception {
        Chatflow flow = flow(Map.of("topK", "2"));

        FlowResult result = await(flow, "are api keys stored hashed?", new RecordingSink());

        assertEquals(2, result.sourceDocuments().size());
        assertEquals(List.of("nested/keys.md", "nested/keys.md"), result.sourceDocuments().stream()
                .map(document -> document.metadata().get("source")).toList());
        assertEquals(result.sourceDocuments().get(0).pageContent() + "\n\n" + result.sourceDocuments().get(1).pageContent(),
                result.text());
    }

    @Test
    void a_question_nothing_matches_gets_a_clear_streamed_sentence() throws Exception {
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow(Map.of()), "zebra xylophone", sink);

        assertEquals(LocalAnswerNode.NO_MATCH, result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(List.of(), result.sourceDocuments());
        assertEquals("end", sink.names().get(sink.names().size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AND(", "*", "title:[a TO", "\"unclosed", "~!@#$%^&*()", "NOT", "  "})
    void query_syntax_in_a_question_does_not_fail(String question) throws Exception {
        FlowResult result = await(flow(Map.of()), question, new RecordingSink());

        assertEquals(LocalAnswerNode.NO_MATCH, result.text());
    }

    @Test
    void a_docs_path_outside_the_config_directory_fails_the_load() {
        ConfigDirs.write(configDir, "escape", ConfigDirs.withInputs(ConfigDirs.shipped("local-docs"),
                "flowstreamLocalAnswer_0", Map.of("docsPath", "../")));

        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null);

        // the same words as every other node whose input names a path (one check for all of them)
        assertEquals("node flowstreamLocalAnswer_0 (flowstreamLocalAnswer) input docsPath must name a path inside the "
                + "config directory, not ../", catalog.failures().get("escape"));
    }

    @Test
    void an_override_of_top_k_applies_to_one_request() throws Exception {
        Chatflow flow = flow(Map.of("topK", "1"));
        FlowRequest request = new FlowRequest("socket keys", "chat-1", Map.of("topK", 3), List.of());

        FlowResult result = flow.run(request, new RecordingSink()).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertEquals(3, result.sourceDocuments().size());
    }

    @Test
    void the_shipped_docs_answer_a_streaming_question_from_the_streaming_guide() throws Exception {
        catalog = DirectoryCatalog.open(ConfigDirs.SHIPPED, ConfigDirs.settings(), name -> null);

        FlowResult result = await(catalog.find("local-docs").orElseThrow(), "How do I stream tokens?", new RecordingSink());

        assertEquals("streaming-socketio.md", result.sourceDocuments().get(0).metadata().get("source"));
        assertEquals(2, result.sourceDocuments().size());
    }

    private Chatflow flow(Map<String, Object> inputs) {
        ConfigDirs.doc(configDir, "streaming.md", STREAMING);
        ConfigDirs.doc(configDir, "nested/keys.md", KEYS);
        ConfigDirs.doc(configDir, "ignored.json", "{\"streaming\": \"token\"}");
        ObjectNode export = ConfigDirs.withInputs(ConfigDirs.shipped("local-docs"), "flowstreamLocalAnswer_0", inputs);
        ConfigDirs.write(configDir, "docs-bot", export);
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null);
        assertEquals(Map.of(), catalog.failures());
        return catalog.find("docs-bot").orElseThrow();
    }

    private static FlowResult await(Chatflow flow, String question, RecordingSink sink) throws Exception {
        return flow.run(FlowRequest.of(question), sink).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
