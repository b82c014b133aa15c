package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** queryEngine: Pinecone's passages for the question, answered by a synthesizer with the store's model. */
class QueryEngineTest {

    static final String TEXT_QA = """
            Context information is below.
            ---------------------
            %s
            ---------------------
            Given the context information and not prior knowledge, answer the query.
            Query: %s
            Answer:""";
    private static final String QUESTION = "Why do sea otters hold hands while they sleep?";

    @TempDir
    Path configDir;
    private LlamaIndexFlows flows;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() {
        flows = new LlamaIndexFlows(configDir);
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    @Test
    void the_passages_found_are_answered_in_one_compact_and_refine_prompt_streamed_then_sent_as_sources() throws Exception {
        FlowResult result = await(flows.flow("llamaindex-query-engine").run(FlowRequest.of(QUESTION), sink));

        List<SourceDocument> sources = result.sourceDocuments();
        assertEquals(2, sources.size());
        assertEquals(Map.of("source", "otters"), sources.get(0).metadata());
        String prompt = TEXT_QA.formatted(sources.stream().map(SourceDocument::pageContent).collect(Collectors.joining(" ")),
                QUESTION);
        assertEquals(List.of(prompt), flows.prompts());
        assertEquals("Echo: " + prompt, result.text());
        assertEquals(result.text(), sink.text());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
        assertEquals(2, flows.pinecone().lastQuery().path("topK").asInt());
    }

    @Test
    void a_connected_synthesizer_writes_the_answer_here_refine_with_one_call_per_passage() throws Exception {
        ObjectNode export = flows.export("llamaindex-query-engine");
        ((com.fasterxml.jackson.databind.node.ArrayNode) export.path("nodes")).addObject().put("id", "refineLlamaIndex_0")
                .putObject("data").put("id", "refineLlamaIndex_0").put("name", "refineLlamaIndex").put("label", "Refine")
                .putObject("inputs");
        ConfigDirs.withInputs(export, "queryEngine_0", Map.of("responseSynthesizer", "{{refineLlamaIndex_0.data.instance}}"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) export.path("edges")).addObject().put("source", "refineLlamaIndex_0")
                .put("target", "queryEngine_0");

        await(flows.flow(export).run(FlowRequest.of(QUESTION), sink));

        List<String> prompts = flows.prompts();
        assertEquals(2, prompts.size());
        assertTrue(prompts.get(1).startsWith("The original query is as follows: " + QUESTION + "\nWe have provided an existing "
                + "answer: Echo: Context information is below."), prompts.get(1));
    }

    @Test
    void without_return_source_documents_the_answer_has_no_sources() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(flows.export("llamaindex-query-engine"), "queryEngine_0",
                Map.of("returnSourceDocuments", false));

        FlowResult result = await(flows.flow(export).run(FlowRequest.of(QUESTION), sink));

        assertEquals(List.of(), result.sourceDocuments());
        assertEquals(0, sink.count("sourceDocuments"));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
    }

    @Test
    void an_engine_without_a_retriever_or_whose_retriever_has_no_model_fails_the_load_naming_the_input() {
        ObjectNode noRetriever = ConfigDirs.withInputs(flows.export("llamaindex-query-engine"), "queryEngine_0",
                Map.of("vectorStoreRetriever", ""));
        assertEquals("node queryEngine_0 (queryEngine) needs a node connected to its vectorStoreRetriever input",
                flows.catalog(noRetriever).failures().get("flow"));

        ObjectNode noModel = ConfigDirs.withInputs(flows.export("llamaindex-query-engine"), "pineconeLlamaIndex_0",
                Map.of("model", ""));
        assertEquals("node queryEngine_0 (queryEngine) answers with the chat model of its vectorStoreRetriever, and "
                + "pineconeLlamaIndex_0 has none: connect one to its model input", flows.catalog(noModel).failures().get("flow"));
    }

    @Test
    void langchain_s_pinecone_where_llamaindex_s_retriever_goes_is_refused_naming_what_fits() {
        ObjectNode export = flows.export("llamaindex-query-engine");
        export.path("nodes").forEach(node -> {
            if (node.path("id").asText().equals("pineconeLlamaIndex_0")) ((ObjectNode) node.path("data")).put("name", "pinecone");
        });

        assertEquals("node queryEngine_0 (queryEngine) input vectorStoreRetriever is connected to node pineconeLlamaIndex_0 "
                + "of type pinecone; Flowstream supports only a LlamaIndex vector store retriever there (pineconeLlamaIndex, "
                + "simpleStoreLlamaIndex)",
                flows.catalog(export).failures().get("flow"));
        assertEquals(0, flows.openAi().requests());
    }
}
