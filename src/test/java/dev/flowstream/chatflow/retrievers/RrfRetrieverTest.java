package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RRFRetriever over a memoryVectorStore that returns its single best passage, before a
 * retrievalQAChain; the model, a scripted stub, writes the other queries.
 */
class RrfRetrieverTest {

    private static final String QUERIES = "Does honey spoil?\n\n  honey jars in tombs\nWhy does the Eiffel Tower grow?\n";

    @TempDir
    Path configDir;
    private FlowFixture fixture;
    private EmbeddingStub embeddings;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        embeddings = EmbeddingStub.start();
        fixture.stub().replyWhen("queries):", QUERIES);
    }

    @AfterEach
    void stop() {
        fixture.close();
        embeddings.close();
    }

    @Test
    void the_model_gets_flowise_s_prompt_and_query_count_of_its_queries_are_searched_after_the_question() throws Exception {
        RecordingSink sink = new RecordingSink();

        await(flow(Map.of("queryCount", 2)).run(FlowRequest.of("otters"), sink));

        assertEquals(List.of("system: " + RrfRetrieverNode.SYSTEM, "user: Generate multiple search queries related to: otters. "
                + "Provide these alternative questions separated by newlines, do not add any numbers.",
                "user: OUTPUT (2 queries):"), messages(0));
        assertEquals(List.of("otters", "Does honey spoil?", "honey jars in tombs"), queriesEmbedded());
        assertEquals("Echo: otters", sink.text(), "the queries are not streamed");
    }

    @Test
    void the_fused_ranking_puts_the_passage_most_queries_found_first() throws Exception {
        FlowResult result = await(flow(Map.of("queryCount", 2, "topK", 2)).run(FlowRequest.of("otters"), new RecordingSink()));

        List<SourceDocument> sources = result.sourceDocuments();
        assertEquals(List.of(RetrieverFlows.HONEY, RetrieverFlows.OTTERS), sources.stream().map(SourceDocument::pageContent).toList());
        assertEquals(2.0 / 61, (double) sources.get(0).metadata().get("relevancy_score"), 1e-12);
        assertEquals(1.0 / 61, (double) sources.get(1).metadata().get("relevancy_score"), 1e-12);
    }

    @Test
    void without_top_k_as_many_come_out_as_the_base_found_for_the_question_and_c_weighs_the_ranks() throws Exception {
        FlowResult result = await(flow(Map.of("c", 0)).run(FlowRequest.of("otters"), new RecordingSink()));

        assertEquals(List.of("otters", "Does honey spoil?", "honey jars in tombs", "Why does the Eiffel Tower grow?"),
                queriesEmbedded(), "the default queryCount, 4, takes every line the model wrote");
        assertEquals(1, result.sourceDocuments().size());
        assertEquals(RetrieverFlows.HONEY, result.sourceDocuments().get(0).pageContent());
        assertEquals(2.0, (double) result.sourceDocuments().get(0).metadata().get("relevancy_score"), 1e-12);
    }

    @Test
    void when_the_base_finds_nothing_for_the_question_the_model_writes_no_queries() throws Exception {
        ConfigDirs.doc(configDir, "otters.md", RetrieverFlows.OTTERS);
        ObjectNode export = export(Map.of("baseRetriever", "{{flowstreamLuceneRetriever_0.data.instance}}"));
        ObjectNode lucene = export.withArray("nodes").addObject().put("id", "flowstreamLuceneRetriever_0");
        lucene.putObject("data").put("id", "flowstreamLuceneRetriever_0").put("name", "flowstreamLuceneRetriever")
                .put("label", "Lucene").putObject("inputs").put("docsPath", "docs");
        export.withArray("edges").addObject().put("source", "flowstreamLuceneRetriever_0").put("target", "RRFRetriever_0")
                .put("id", "lucene-rrf");

        FlowResult result = await(fixture.flow(export, FlowFixture.settings(100, 3_600_000))
                .run(FlowRequest.of("quantum chromodynamics"), new RecordingSink()));

        assertEquals(List.of(), result.sourceDocuments());
        assertEquals(1, fixture.stub().requests(), "only the answer");
        assertEquals("user: quantum chromodynamics", fixture.sentMessages().get(1));
    }

    @Test
    void bad_inputs_fail_the_load_naming_the_node_and_the_input() {
        assertEquals("node RRFRetriever_0 (RRFRetriever) needs a node connected to its baseRetriever input",
                loadFailure(Map.of("baseRetriever", "")));
        assertEquals("node RRFRetriever_0 (RRFRetriever) needs a node connected to its model input", loadFailure(Map.of("model", "")));
        assertEquals("node RRFRetriever_0 (RRFRetriever) input queryCount must be between 1 and 20",
                loadFailure(Map.of("queryCount", 0)));
        assertEquals("node RRFRetriever_0 (RRFRetriever) input topK must be 1 or more", loadFailure(Map.of("topK", -1)));
        assertEquals("node RRFRetriever_0 (RRFRetriever) input c must be 0 or more", loadFailure(Map.of("c", -5)));
        assertEquals("node RRFRetriever_0 (RRFRetriever) input c must be a number", loadFailure(Map.of("c", "sixty")));
    }

    private ObjectNode export(Map<String, Object> inputs) {
        Map<String, Object> all = new HashMap<>(Map.of("baseRetriever", "{{memoryVectorStore_0.data.instance}}",
                "model", "{{chatOpenAI_0.data.instance}}", "query", "", "queryCount", "", "topK", "", "c", ""));
        all.putAll(inputs);
        return RetrieverFlows.withRetriever("RRFRetriever", all, 1, embeddings.openAiBaseUrl());
    }

    private Chatflow flow(Map<String, Object> inputs) {
        return fixture.flow(export(inputs), FlowFixture.settings(100, 3_600_000));
    }

    private String loadFailure(Map<String, Object> inputs) {
        ObjectNode export = ConfigDirs.withInputs(export(inputs), "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        return fixture.catalog(export, FlowFixture.settings(100, 3_600_000)).failures().get("flow");
    }

    /** The texts embedded after the passages: the queries searched, in order. */
    private List<String> queriesEmbedded() {
        return embeddings.requests().stream().skip(1).map(request -> String.join("|", request.inputs())).toList();
    }

    private List<String> messages(int request) throws Exception {
        List<String> messages = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(fixture.stub().requestBodies().get(request)).path("messages")) {
            messages.add(m.path("role").asText() + ": " + m.path("content").asText());
        }
        return messages;
    }
}
