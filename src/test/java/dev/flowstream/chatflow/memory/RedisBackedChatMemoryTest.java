package dev.flowstream.chatflow.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.chatflow.catalog.DirectoryCatalog;
import dev.flowstream.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RedisBackedChatMemory against a real redis-server: a conversationChain's memory kept in Redis in
 * Flowise's layout (a list per session, newest first, LangChain's stored messages), its window, its
 * time-to-live, a reloaded flow continuing the conversation, and a Redis that is down.
 */
class RedisBackedChatMemoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM = "system: You are a terse assistant.";
    private static RedisServer redis;
    private static RedisClient jedis;

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeAll
    static void start_redis() {
        redis = RedisServer.start();
        jedis = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stop_redis() {
        jedis.close();
        redis.close();
    }

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
        jedis.flushAll();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void each_exchange_is_pushed_to_the_session_s_list_as_flowise_stores_it_and_read_back_next_turn() throws Exception {
        Chatflow flow = flow(Map.of(), redis.url());

        await(flow.run(request("my name is Ada", "chat-1"), new RecordingSink()));
        await(flow.run(request("what is my name", "chat-1"), new RecordingSink()));

        assertEquals(List.of(SYSTEM, "user: my name is Ada", "assistant: Echo: my name is Ada", "user: what is my name"),
                fixture.sentMessages());
        List<String> stored = jedis.lrange("chat-1", 0, -1);
        assertEquals(4, stored.size());
        JsonNode newest = JSON.readTree(stored.get(0));
        assertEquals("ai", newest.path("type").asText());
        assertEquals("Echo: what is my name", newest.path("data").path("content").asText());
        JsonNode oldest = JSON.readTree(stored.get(3));
        assertEquals("human", oldest.path("type").asText());
        assertEquals("my name is Ada", oldest.path("data").path("content").asText());
        assertEquals(-1, jedis.ttl("chat-1"), "no sessionTTL: the list never expires");
    }

    @Test
    void a_conversation_flowise_wrote_is_continued_and_each_session_has_its_own() throws Exception {
        jedis.lpush("chat-flowise", "{\"type\":\"human\",\"data\":{\"content\":\"I live in Oslo\",\"additional_kwargs\":{}}}",
                "{\"type\":\"ai\",\"data\":{\"content\":\"Noted.\",\"additional_kwargs\":{},\"tool_calls\":[]}}");
        Chatflow flow = flow(Map.of(), redis.url());

        await(flow.run(request("where do I live", "chat-flowise"), new RecordingSink()));
        assertEquals(List.of(SYSTEM, "user: I live in Oslo", "assistant: Noted.", "user: where do I live"), fixture.sentMessages());

        await(flow.run(request("hello", "chat-other"), new RecordingSink()));
        assertEquals(List.of(SYSTEM, "user: hello"), fixture.sentMessages());
    }

    @Test
    void override_config_s_session_id_names_the_list() throws Exception {
        Chatflow flow = flow(Map.of(), redis.url());

        await(flow.run(new FlowRequest("hi", "chat-1", Map.of("sessionId", "user-42"), List.of()), new RecordingSink()));

        assertEquals(2, jedis.llen("user-42"));
        assertEquals(0, jedis.llen("chat-1"));
    }

    @Test
    void a_new_session_starts_from_the_request_s_history_which_its_first_exchange_stores() throws Exception {
        Chatflow flow = flow(Map.of(), redis.url());
        List<ChatTurn> history = List.of(new ChatTurn(ChatTurn.Role.USER, "I am Ada"), new ChatTurn(ChatTurn.Role.ASSISTANT, "Hi Ada"));

        await(flow.run(new FlowRequest("who am I", "chat-h", Map.of(), history), new RecordingSink()));
        await(flow.run(request("again?", "chat-h"), new RecordingSink()));

        assertEquals(List.of(SYSTEM, "user: I am Ada", "assistant: Hi Ada", "user: who am I", "assistant: Echo: who am I",
                "user: again?"), fixture.sentMessages());
    }

    @Test
    void the_window_shows_the_chain_only_the_last_k_exchanges_while_redis_keeps_them_all() throws Exception {
        Chatflow flow = flow(Map.of("windowSize", "1"), redis.url());

        for (String question : List.of("one", "two", "three")) await(flow.run(request(question, "chat-w"), new RecordingSink()));

        assertEquals(List.of(SYSTEM, "user: two", "assistant: Echo: two", "user: three"), fixture.sentMessages());
        assertEquals(6, jedis.llen("chat-w"));
    }

    @Test
    void session_ttl_sets_the_list_s_expiry_and_each_exchange_renews_it() throws Exception {
        Chatflow flow = flow(Map.of("sessionTTL", "300"), redis.url());

        await(flow.run(request("hello", "chat-t"), new RecordingSink()));
        jedis.expire("chat-t", 5);
        await(flow.run(request("again", "chat-t"), new RecordingSink()));

        long ttl = jedis.ttl("chat-t");
        assertTrue(ttl > 290 && ttl <= 300, "ttl " + ttl);
    }

    @Test
    void a_reloaded_flow_continues_the_conversation_its_previous_load_stored() throws Exception {
        DirectoryCatalog first = catalog(Map.of(), redis.url());
        await(first.find("flow").orElseThrow().run(request("my name is Ada", "chat-r"), new RecordingSink()));
        first.close();

        Chatflow reloaded = catalog(Map.of(), redis.url()).find("flow").orElseThrow();
        await(reloaded.run(request("what is my name", "chat-r"), new RecordingSink()));

        assertEquals(List.of(SYSTEM, "user: my name is Ada", "assistant: Echo: my name is Ada", "user: what is my name"),
                fixture.sentMessages());
    }

    @Test
    void a_redis_that_is_down_fails_the_run_as_a_provider_error_naming_the_node_and_the_server() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Chatflow flow = flow(Map.of(), "redis://127.0.0.1:" + closedPort);

        ChatflowException thrown = failure(flow.run(request("hello", "chat-d"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, thrown.kind());
        assertEquals("node redisMemory_0 (RedisBackedChatMemory) could not reach Redis at 127.0.0.1:" + closedPort,
                thrown.getMessage());
    }

    @Test
    void without_a_server_the_run_fails_saying_what_to_set() throws Exception {
        ObjectNode export = export(Map.of());
        Chatflow flow = fixture.catalog(export, FlowFixture.settings(100, 3_600_000), name -> null).find("flow").orElseThrow();

        ChatflowException thrown = failure(flow.run(request("hello", "chat-n"), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, thrown.kind());
        assertEquals("node redisMemory_0 (RedisBackedChatMemory) has no Redis server: choose a redisCacheUrlApi or "
                + "redisCacheApi credential, or set REDIS_URL", thrown.getMessage());
    }

    @Test
    void a_negative_ttl_or_window_fails_the_load_naming_the_input() {
        assertEquals("node redisMemory_0 (RedisBackedChatMemory) input sessionTTL must be a number of seconds, 0 or more "
                + "(0: never expires)", catalog(Map.of("sessionTTL", "-5"), redis.url()).failures().get("flow"));
        assertEquals("node redisMemory_0 (RedisBackedChatMemory) input windowSize must be at least 1",
                catalog(Map.of("windowSize", "-1"), redis.url()).failures().get("flow"));
        assertTrue(catalog(Map.of("windowSize", "two"), redis.url()).failures().get("flow")
                .startsWith("node redisMemory_0 (RedisBackedChatMemory)"));
    }

    private Chatflow flow(Map<String, Object> inputs, String url) {
        return catalog(inputs, url).find("flow").orElseThrow();
    }

    private DirectoryCatalog catalog(Map<String, Object> inputs, String url) {
        return fixture.catalog(export(inputs), FlowFixture.settings(100, 3_600_000), name -> "REDIS_URL".equals(name) ? url : null);
    }

    private ObjectNode export(Map<String, Object> inputs) {
        return RedisMemoryExports.conversation(fixture, inputs);
    }

    private static FlowRequest request(String question, String chatId) {
        return new FlowRequest(question, chatId, Map.of(), List.of());
    }
}
