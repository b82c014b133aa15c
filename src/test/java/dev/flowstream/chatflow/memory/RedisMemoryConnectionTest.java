package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.RecordingSink;
import dev.flowstream.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How RedisBackedChatMemory reaches its server: the chosen credential's host, port and password on a
 * real redis-server that asks for one; a wrong password (502, the password never shown); a server
 * that accepts and never answers (504).
 */
class RedisMemoryConnectionTest {

    private static final String PASSWORD = "s3cret-pw";
    private static RedisServer redis;

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeAll
    static void start_redis() {
        redis = RedisServer.withPassword(PASSWORD);
    }

    @AfterAll
    static void stop_redis() {
        redis.close();
    }

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void the_chosen_redis_cache_api_credential_s_host_port_and_password_are_used() throws Exception {
        credential(PASSWORD);

        await(flow().run(request(), new RecordingSink()));

        try (RedisClient jedis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redis.port()))
                .clientConfig(DefaultJedisClientConfig.builder().password(PASSWORD).build()).build()) {
            assertEquals(List.of("Echo: hello", "hello"),
                    jedis.lrange("chat-c", 0, -1).stream().map(entry -> entry.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1")).toList());
        }
    }

    @Test
    void a_wrong_password_is_the_provider_s_failure_naming_the_node_and_not_the_password() throws Exception {
        credential("not-it");

        ChatflowException thrown = failure(flow().run(request(), new RecordingSink()));

        assertEquals(ChatflowException.Kind.PROVIDER, thrown.kind());
        assertTrue(thrown.getMessage().startsWith("node redisMemory_0 (RedisBackedChatMemory): Redis failed: "),
                thrown.getMessage());
        assertFalse(thrown.getMessage().contains("not-it"), thrown.getMessage());
    }

    @Test
    void a_redis_that_never_answers_is_a_timeout_naming_the_node() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(15_000);
                } catch (Exception e) {
                    // the test is over
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            Files.writeString(configDir.resolve("credentials.json"), "{\"redisCacheUrlApi\": {\"redisUrl\": \"redis://127.0.0.1:"
                    + silent.getLocalPort() + "\"}}");

            ChatflowException thrown = failure(flow().run(request(), new RecordingSink()));

            assertEquals(ChatflowException.Kind.TIMEOUT, thrown.kind());
            assertEquals("node redisMemory_0 (RedisBackedChatMemory): Redis at 127.0.0.1:" + silent.getLocalPort()
                    + " did not answer within 10 s", thrown.getMessage());
            acceptor.interrupt();
        }
    }

    private void credential(String password) throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"redisCacheApi\": {\"redisCacheHost\": \"127.0.0.1\", "
                + "\"redisCachePort\": \"" + redis.port() + "\", \"redisCachePwd\": \"" + password + "\"}}");
    }

    private Chatflow flow() {
        return fixture.catalog(RedisMemoryExports.conversation(fixture, Map.of()), FlowFixture.settings(100, 3_600_000), name -> null)
                .find("flow").orElseThrow();
    }

    private static FlowRequest request() {
        return new FlowRequest("hello", "chat-c", Map.of(), List.of());
    }
}
