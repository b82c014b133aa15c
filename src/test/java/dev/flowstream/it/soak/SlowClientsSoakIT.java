package dev.flowstream.it.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 connections trickling prediction bodies, 64 trickling socket.io polling bodies and 200 whose
 * headers never end, held for the whole
 * run (re-opened whenever the server ends one, at its body and header timeouts): 20 socket.io
 * clients and plain predictions are served as they are without them. Pings every 2 s, so a pong held up behind blocked workers
 * would drop the socket.io clients within seconds.
 */
class SlowClientsSoakIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;
    private static final int ROUNDS = 30;
    private static final int CLIENTS = 20;

    // short body and header timeouts: the slow clients are cut off and come back several times a run
    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of(
            "flowstream.ping.interval.ms", "2000", "flowstream.ping.timeout.ms", "2000",
            "flowstream.body.timeout.ms", "5000", "flowstream.header.timeout.ms", "3000"));

    @Test
    void socket_io_clients_and_predictions_are_served_while_slow_clients_hold_connections() throws Exception {
        Traffic calm = traffic();
        Traffic attacked;
        try (HostileClients bodies = HostileClients.tricklingBodies(server.port(), PREDICTION, 100, 100_000);
             HostileClients polls = HostileClients.tricklingPollingBodies(server.port(), 64, 50_000);
             HostileClients headers = HostileClients.partialHeaders(server.port(), 200)) {
            Thread.sleep(3000); // every slow client is connected and trickling
            attacked = traffic();
            System.out.printf("SOAK slow clients: %d trickling-body, %d trickling-polling-body and %d partial-header"
                            + " connections opened, %d, %d and %d ended by the server%n", bodies.connections(),
                    polls.connections(), headers.connections(), bodies.endedByServer(), polls.endedByServer(),
                    headers.endedByServer());
            assertTrue(bodies.connections() >= 100 && polls.connections() >= 64 && headers.connections() >= 200,
                    "the attack ran in full");
            assertTrue(bodies.endedByServer() > 0 && polls.endedByServer() > 0 && headers.endedByServer() > 0,
                    "the server cut the slow clients off");
        }
        System.out.println("SOAK slow clients, calm:     " + calm);
        System.out.println("SOAK slow clients, attacked: " + attacked);
        calm.assertServed();
        attacked.assertServed();
    }

    private static Traffic traffic() throws Exception {
        CompletableFuture<JsonNode> sockets = CompletableFuture.supplyAsync(() -> NodeClient.run("many-clients.mjs",
                "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW, "--clients", String.valueOf(CLIENTS),
                "--rounds", String.valueOf(ROUNDS), "--question", "[[tokens=20]] [[delay=10]] soak",
                "--transports", "websocket", "--timeout-ms", "90000"));
        List<Long> predictionMs = new ArrayList<>();
        int failed = 0;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (!sockets.isDone() && predictionMs.size() + failed < 200) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + PREDICTION))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"plain\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) predictionMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                else failed++;
            } catch (HttpTimeoutException unanswered) {
                failed++;
            }
            Thread.sleep(50);
        }
        JsonNode result;
        try {
            result = sockets.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            result = JSON.createObjectNode().put("failure", String.valueOf(e.getCause().getMessage()).lines().findFirst().orElse(""));
        }
        return new Traffic(result, predictionMs, failed);
    }

    /** What the well-behaved clients saw; summarised before it is checked, so a failing run still reports. */
    private record Traffic(JsonNode sockets, List<Long> predictionMs, int failedPredictions) {
        void assertServed() {
            assertEquals(CLIENTS, sockets.path("connected").asInt(), sockets.toString());
            assertEquals(CLIENTS * ROUNDS, sockets.path("ok").asInt(), "every streamed prediction complete: " + sockets);
            assertEquals(0, failedPredictions, "plain predictions unanswered within 10 s or failed");
        }

        @Override
        public String toString() {
            List<Long> sorted = predictionMs.stream().sorted().toList();
            String plain = sorted.isEmpty() ? "no plain prediction answered"
                    : String.format("%d plain predictions p50 %d ms max %d ms", sorted.size(), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1));
            if (sockets.has("failure")) return "socket.io clients failed: " + sockets.path("failure").asText() + "; " + plain
                    + ", " + failedPredictions + " unanswered";
            return String.format("socket.io %d/%d ok, http p50 %s ms p95 %s ms, ttft p95 %s ms, wall %s ms; %s, %d unanswered",
                    sockets.path("ok").asInt(), sockets.path("requests").asInt(), sockets.path("httpMs").path("p50"),
                    sockets.path("httpMs").path("p95"), sockets.path("ttftMs").path("p95"), sockets.path("wallMs"),
                    plain, failedPredictions);
        }
    }
}
