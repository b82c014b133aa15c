package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.node.Role;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.streaming.StreamEvent;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** chatOpenAI + bufferMemory/bufferWindowMemory → conversationChain exports, run against the OpenAI stub. */
class ConversationChainFlowTest {

    private static final ChatTurn.Role USER = ChatTurn.Role.USER;
    private static final ChatTurn.Role AI = ChatTurn.Role.ASSISTANT;

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
    void a_conversation_streams_its_tokens_and_sends_system_then_question() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("hello there", "chat-1"), sink));

        assertTrue(flow.streamable());
        assertEquals("Echo: hello there", result.text());
        assertEquals(List.of("Echo: ", "hello ", "there"), sink.tokens());
        assertEquals(new StreamEvent.Start("Echo: "), sink.events().get(0));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
        assertEquals(List.of("system: You are a terse assistant.", "user: hello there"), fixture.sentMessages());
    }

    @Test
    void the_second_turn_carries_the_first_exchange() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");

        await(flow.run(request("my name is Ada", "chat-1"), new RecordingSink()));
        await(flow.run(request("what is my name", "chat-1"), new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: my name is Ada",
                "assistant: Echo: my name is Ada", "user: what is my name"), fixture.sentMessages());
    }

    @Test
    void each_chat_id_has_its_own_conversation() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");

        await(flow.run(request("first chat", "chat-1"), new RecordingSink()));
        await(flow.run(request("second chat", "chat-2"), new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: second chat"), fixture.sentMessages());
    }

    @Test
    void a_failed_turn_leaves_nothing_in_memory() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");

        failure(flow.run(request("[[fail]]", "chat-1"), new RecordingSink()));
        failure(flow.run(request("[[cut]] a b c d", "chat-1"), new RecordingSink()));
        await(flow.run(request("after the failures", "chat-1"), new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: after the failures"), fixture.sentMessages());
    }

    @Test
    void history_seeds_a_conversation_that_has_none_yet_and_is_ignored_afterwards() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");
        List<ChatTurn> history = List.of(new ChatTurn(USER, "earlier question"), new ChatTurn(AI, "earlier answer"));

        await(flow.run(new FlowRequest("now", "chat-1", Map.of(), history), new RecordingSink()));
        List<String> first = fixture.sentMessages();
        await(flow.run(new FlowRequest("again", "chat-1", Map.of(), List.of(new ChatTurn(USER, "ignored"))),
                new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: earlier question",
                "assistant: earlier answer", "user: now"), first);
        assertEquals(List.of("system: You are a terse assistant.", "user: earlier question",
                "assistant: earlier answer", "user: now", "assistant: Echo: now", "user: again"), fixture.sentMessages());
    }

    @Test
    void the_window_memory_sends_only_the_last_k_exchanges() throws Exception {
        Chatflow flow = fixture.flow("conversation-window");

        for (String question : List.of("one", "two", "three")) {
            await(flow.run(request(question, "chat-1"), new RecordingSink()));
        }

        assertEquals(List.of("system: " + ConversationChainNode.DEFAULT_SYSTEM, "user: two", "assistant: Echo: two",
                "user: three"), fixture.sentMessages());
    }

    @Test
    void a_request_may_widen_the_window_with_k() throws Exception {
        Chatflow flow = fixture.flow("conversation-window");
        await(flow.run(request("one", "chat-1"), new RecordingSink()));
        await(flow.run(request("two", "chat-1"), new RecordingSink()));

        await(flow.run(new FlowRequest("three", "chat-1", Map.of("k", "5"), List.of()), new RecordingSink()));

        assertEquals(6, fixture.sentMessages().size(), fixture.sentMessages().toString());
        assertEquals("user: one", fixture.sentMessages().get(1));
    }

    @Test
    void past_the_session_bound_the_least_recently_used_conversation_is_forgotten() throws Exception {
        Chatflow flow = fixture.flow(FlowFixture.export("conversation-buffer"), FlowFixture.settings(2, 3_600_000));

        await(flow.run(request("I am A", "chat-a"), new RecordingSink()));
        await(flow.run(request("I am B", "chat-b"), new RecordingSink()));
        await(flow.run(request("A again", "chat-a"), new RecordingSink()));
        await(flow.run(request("I am C", "chat-c"), new RecordingSink()));
        await(flow.run(request("A once more", "chat-a"), new RecordingSink()));
        List<String> forA = fixture.sentMessages();
        await(flow.run(request("B again", "chat-b"), new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: I am A", "assistant: Echo: I am A",
                "user: A again", "assistant: Echo: A again", "user: A once more"), forA);
        assertEquals(List.of("system: You are a terse assistant.", "user: B again"), fixture.sentMessages());
    }

    @Test
    void an_idle_conversation_is_forgotten_after_its_time_to_live() throws Exception {
        Chatflow flow = fixture.flow(FlowFixture.export("conversation-buffer"), FlowFixture.settings(100, 200));

        await(flow.run(request("remember me", "chat-1"), new RecordingSink()));
        Thread.sleep(300);
        await(flow.run(request("do you", "chat-1"), new RecordingSink()));

        assertEquals(List.of("system: You are a terse assistant.", "user: do you"), fixture.sentMessages());
    }

    /** As in Flowise, memory keeps the question as asked, not the filled human message. */
    @Test
    void a_chat_prompt_template_gives_the_system_and_human_messages() throws Exception {
        Chatflow flow = fixture.flow("conversation-chat-prompt");

        await(flow.run(request("does it stream", "chat-1"), new RecordingSink()));
        await(flow.run(request("and memory", "chat-1"), new RecordingSink()));

        assertEquals(List.of("system: You answer questions about Flowstream.", "user: does it stream",
                "assistant: Echo: Question: does it stream", "user: Question: and memory"), fixture.sentMessages());
    }

    @Test
    void override_config_replaces_the_system_message_for_one_request() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");

        await(flow.run(new FlowRequest("hi", "chat-1", Map.of("systemMessagePrompt", "Speak like a pirate."), List.of()),
                new RecordingSink()));
        assertEquals("system: Speak like a pirate.", fixture.sentMessages().get(0));

        await(flow.run(new FlowRequest("hi", "chat-2", Map.of("systemMessagePrompt",
                Map.of("conversationChain_0", "Only this node.")), List.of()), new RecordingSink()));
        assertEquals("system: Only this node.", fixture.sentMessages().get(0));

        await(flow.run(new FlowRequest("hi", "chat-3", Map.of("systemMessagePrompt",
                Map.of("conversationChain_1", "Another node.")), List.of()), new RecordingSink()));
        assertEquals("system: You are a terse assistant.", fixture.sentMessages().get(0));

        await(flow.run(new FlowRequest("hi", "chat-4", Map.of("modelName", Map.of("chatOpenAI_0", "stub-xl")), List.of()),
                new RecordingSink()));
        assertEquals("stub-xl", fixture.sentBody().path("model").asText());
    }

    @Test
    void override_config_cannot_change_the_base_path_or_the_api_key() throws Exception {
        Chatflow flow = fixture.flow("conversation-buffer");

        FlowResult result = await(flow.run(new FlowRequest("hi", "chat-1", Map.of(
                "basepath", "http://attacker.invalid", "openAIApiKey", "sk-from-request",
                "credential", "other"), List.of()), new RecordingSink()));

        assertEquals("Echo: hi", result.text());
        assertEquals("Bearer none", fixture.stub().lastAuthorization().orElseThrow());
    }

    @Test
    void a_model_that_does_not_stream_makes_the_conversation_answer_without_events() throws Exception {
        ObjectNode export = ConfigDirs.withInputs(FlowFixture.export("conversation-buffer"), "chatOpenAI_0",
                Map.of("streaming", false));
        Chatflow flow = fixture.flow(export, FlowFixture.settings(100, 3_600_000));
        RecordingSink sink = new RecordingSink();

        FlowResult result = await(flow.run(request("quiet", "chat-1"), sink));

        assertFalse(flow.streamable());
        assertEquals("Echo: quiet", result.text());
        assertEquals(List.of(), sink.events());
    }

    private static FlowRequest request(String question, String chatId) {
        return new FlowRequest(question, chatId, Map.of(), List.of());
    }
}
