package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that leaves mid-stream costs nothing: the answer completes, the registry forgets it. */
class DisconnectMidStreamIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @Test
    void a_socket_that_disconnects_mid_stream_leaves_the_answer_complete_and_the_registry_empty() throws Exception {
        JavaSocketClient client = JavaSocketClient.connect(server.baseUrl(), "websocket");
        String body = "{\"question\":\"[[tokens=60]] [[delay=15]] go\",\"socketIOClientId\":\"" + client.id() + "\"}";
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(
                () -> server.post("/api/v1/prediction/" + TestServer.STUB_FLOW, body, "application/json"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.events().size() < 5 && System.nanoTime() < deadline) Thread.sleep(10);
        client.close();

        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        String text = JSON.readTree(response.body()).path("text").asText();
        assertTrue(text.startsWith("t0 ") && text.endsWith("t59 "), text);
        assertTrue(client.events().size() < 62, "the client left before the end");
        while (server.registry().size() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.registry().size());
    }
}
