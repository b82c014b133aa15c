package dev.flowstream.chatflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** chatOpenAI + chatPromptTemplate → llmChain, and prompt overrides, run against the OpenAI stub. */
class ChatPromptTemplateFlowTest {

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void an_llm_chain_sends_the_filled_system_and_human_messages_and_streams() throws Exception {
        Chatflow flow = fixture.flow("llm-chat-prompt");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(FlowRequest.of("what is a record"), sink));

        assertEquals(List.of("system: You are an expert in Java.", "user: what is a record"), fixture.sentMessages());
        assertEquals("Echo: what is a record", result.text());
        assertEquals(result.text(), sink.text());
        assertEquals(1, sink.count("end"));
    }

    @Test
    void prompt_values_and_messages_may_be_overridden_per_request() throws Exception {
        Chatflow flow = fixture.flow("llm-chat-prompt");

        await(flow.run(new FlowRequest("q1", "c", Map.of("promptValues", Map.of("topic", "Kotlin", "text", "{{question}}")),
                List.of()), new RecordingSink()));
        assertEquals(List.of("system: You are an expert in Kotlin.", "user: q1"), fixture.sentMessages());

        await(flow.run(new FlowRequest("q2", "c", Map.of("humanMessagePrompt", "Briefly: {text}",
                "systemMessagePrompt", "No system talk about {topic}."), List.of()), new RecordingSink()));
        assertEquals(List.of("system: No system talk about Java.", "user: Briefly: q2"), fixture.sentMessages());

        await(flow.run(FlowRequest.of("q3"), new RecordingSink()));
        assertEquals(List.of("system: You are an expert in Java.", "user: q3"), fixture.sentMessages());
    }

    @Test
    void a_prompt_template_override_replaces_the_template_for_one_request() throws Exception {
        ObjectNode export = ConfigDirs.shipped("openai-chat");
        Chatflow flow = fixture.flow(export, FlowFixture.settings(10, 60_000));

        await(flow.run(new FlowRequest("hi", "c", Map.of("template", "Say {question} twice"), List.of()), new RecordingSink()));

        assertEquals(List.of("user: Say hi twice"), fixture.sentMessages());
    }

    @Test
    void an_override_that_breaks_the_prompt_fails_that_request_only() throws Exception {
        Chatflow flow = fixture.flow("llm-chat-prompt");

        ChatflowException failure = failure(flow.run(new FlowRequest("q", "c",
                Map.of("humanMessagePrompt", "{a} {b}"), List.of()), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CHAIN, failure.kind());
        assertTrue(failure.getMessage().startsWith("overrideConfig: node chatPromptTemplate_0 (chatPromptTemplate)"),
                failure.getMessage());
        assertEquals("Echo: fine", await(flow.run(FlowRequest.of("fine"), new RecordingSink())).text());
    }
}
