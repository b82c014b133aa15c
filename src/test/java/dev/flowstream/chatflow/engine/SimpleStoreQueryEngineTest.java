package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.EmbeddingStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A LlamaIndex flow on the local store end to end: three texts upserted into {@code simpleStoreLlamaIndex}
 * through Azure OpenAI's LlamaIndex embeddings (on the embedding stub), then a {@code queryEngine} question
 * answered from the two closest passages, streamed, with those passages as sources.
 */
class SimpleStoreQueryEngineTest {

    private static final String QUESTION = "Why do sea otters hold hands while they sleep?";

    @TempDir
    Path configDir;
    private LlamaIndexFlows flows;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"azureOpenAIApi\": {\"azureOpenAIApiKey\": \"az-key\","
                + " \"azureOpenAIApiDeploymentName\": \"ada-li\", \"azureOpenAIApiVersion\": \"2024-06-01\"}}");
        flows = new LlamaIndexFlows(configDir);
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    @Test
    void the_upserted_passages_closest_to_the_question_answer_it_streamed_then_come_as_sources() throws Exception {
        Chatflow flow = flows.flow("llamaindex-simple-store");

        FlowResult result = await(flow.run(FlowRequest.of(QUESTION), sink));

        List<SourceDocument> sources = result.sourceDocuments();
        assertEquals(2, sources.size());
        assertEquals(new SourceDocument("Sea otters hold hands while they sleep so that they do not drift apart.",
                Map.of("source", "otters")), sources.get(0));
        String prompt = QueryEngineTest.TEXT_QA.formatted(sources.stream().map(SourceDocument::pageContent)
                .collect(Collectors.joining(" ")), QUESTION);
        assertEquals(List.of(prompt), flows.prompts());
        assertEquals("Echo: " + prompt, result.text());
        assertEquals(result.text(), sink.text());
        assertTrue(sink.count("token") > 1, "the answer streams token by token");
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));

        List<EmbeddingStub.Request> embedded = flows.embeddings().requests();
        assertEquals("/openai/deployments/ada-li/embeddings", embedded.get(0).path());
        assertEquals("source: otters\n\nSea otters hold hands while they sleep so that they do not drift apart.",
                embedded.get(0).inputs().get(0));
        assertEquals(List.of(QUESTION), embedded.get(embedded.size() - 1).inputs());
        assertEquals(Optional.of("az-key"), flows.embeddings().lastHeader("api-key"));
    }

    @Test
    void a_restarted_flow_answers_from_the_store_kept_on_disk_without_another_upsert() throws Exception {
        flows.flow("llamaindex-simple-store");
        flows.close();
        flows = new LlamaIndexFlows(configDir);

        Chatflow reloaded = flows.catalog(flows.export("llamaindex-simple-store")).find("flow").orElseThrow();
        FlowResult result = await(reloaded.run(FlowRequest.of(QUESTION), sink));

        assertEquals("otters", result.sourceDocuments().get(0).metadata().get("source"));
        assertEquals(1, flows.embeddings().requests().size(), "only the question is embedded");
    }
}
