package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.Chatflow;
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

import static dev.flowstream.chatflow.FlowFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** contextChatEngine: the passages found in a system message ahead of the conversation; sources after the answer. */
class ContextChatEngineTest {

    private static final String OTTERS = "Sea otters hold hands while they sleep so that they do not drift apart.";

    @TempDir
    Path configDir;
    private LlamaIndexFlows flows;

    @BeforeEach
    void start() {
        flows = new LlamaIndexFlows(configDir);
    }

    @AfterEach
    void stop() {
        flows.close();
    }

    @Test
    void the_passages_found_precede_the_conversation_in_a_system_message_and_follow_the_answer_as_sources() throws Exception {
        Chatflow flow = flows.flow("llamaindex-context-chat");
        RecordingSink sink = new RecordingSink();

        await(flow.run(question("Why do sea otters hold hands?"), new RecordingSink()));
        FlowResult result = await(flow.run(question("Do sea otters sleep?"), sink));

        String context = "system: Context information is below.\n---------------------\n" + OTTERS + "\n---------------------";
        assertEquals(List.of(context, "user: Answer from the context only.", "user: Why do sea otters hold hands?",
                "assistant: Echo: Why do sea otters hold hands?", "user: Do sea otters sleep?"), flows.conversations().get(1));
        assertEquals(List.of(new SourceDocument(OTTERS, Map.of("source", "otters"))), result.sourceDocuments());
        assertEquals("Echo: Do sea otters sleep?", sink.text());
        List<String> names = sink.names();
        assertEquals(List.of("sourceDocuments", "end"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void when_nothing_is_found_there_is_no_system_message_and_no_sources() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(flows.export("llamaindex-context-chat"), "pineconeLlamaIndex_0",
                Map.of("pineconeMetadataFilter", "{\"source\": \"nowhere\"}"));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flows.flow(export).run(question("Why do sea otters hold hands?"), sink));

        assertEquals(List.of("user: Answer from the context only.", "user: Why do sea otters hold hands?"),
                flows.conversations().get(0));
        assertEquals(List.of(), result.sourceDocuments());
        assertEquals(0, sink.count("sourceDocuments"));
    }

    @Test
    void an_engine_without_a_retriever_or_memory_fails_the_load_naming_the_input() {
        ObjectNode noRetriever = ConfigDirs.withInputs(flows.export("llamaindex-context-chat"), "contextChatEngine_0",
                Map.of("vectorStoreRetriever", ""));
        assertEquals("node contextChatEngine_0 (contextChatEngine) needs a node connected to its vectorStoreRetriever input",
                flows.catalog(noRetriever).failures().get("flow"));

        ObjectNode noMemory = ConfigDirs.withInputs(flows.export("llamaindex-context-chat"), "contextChatEngine_0",
                Map.of("memory", ""));
        assertEquals("node contextChatEngine_0 (contextChatEngine) needs a node connected to its memory input",
                flows.catalog(noMemory).failures().get("flow"));
    }

    private static FlowRequest question(String text) {
        return new FlowRequest(text, "chat-1", Map.of(), List.of());
    }
}
