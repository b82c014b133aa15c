package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request body that does not arrive in full within the body timeout is a 408; it holds no worker. */
class BodyTimeoutIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;
    private static final int TRICKLERS = 80; // more than the standalone server's 64 workers

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.body.timeout.ms", "1500"));

    @Test
    void a_trickling_body_gets_408_and_frees_its_worker() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TRICKLERS);
        try {
            List<CompletableFuture<HttpResponse<String>>> tricklers = new ArrayList<>();
            for (int i = 0; i < TRICKLERS; i++) {
                tricklers.add(CompletableFuture.supplyAsync(BodyTimeoutIT::trickle, pool));
            }
            Thread.sleep(500); // every trickler is inside its body now
            // the tricklers' bodies take 20 s to arrive: an answer within 10 s was not queued behind them
            HttpResponse<String> ok = CompletableFuture.supplyAsync(() -> server.post(PREDICTION,
                    "{\"question\":\"meanwhile\"}", "application/json")).get(10, TimeUnit.SECONDS);
            assertEquals(200, ok.statusCode(), ok.body());
            for (CompletableFuture<HttpResponse<String>> trickler : tricklers) {
                HttpResponse<String> response = trickler.get(20, TimeUnit.SECONDS);
                assertEquals(408, response.statusCode(), response.body());
                JsonNode body = JSON.readTree(response.body());
                assertEquals(408, body.path("statusCode").asInt());
                assertTrue(body.path("message").asText().contains("1500 ms"), response.body());
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_client_that_trickles_on_after_its_408_is_disconnected() throws Exception {
        String json = "{\"question\":\"" + "x".repeat(2000) + "\"}"; // 200 s at this pace
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PREDICTION + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean cutOff = false;
            try {
                for (int i = 0; i < json.length() && System.nanoTime() < deadline; i++) {
                    out.write(json.charAt(i)); // ignoring the answer, as an attacker would
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException closedByServer) {
                cutOff = true;
            }
            assertTrue(cutOff, "the server closed the connection instead of reading the rest of the body");
            HttpResponse<String> response = RawHttp.read(socket.getInputStream());
            assertEquals(408, response.statusCode(), response.body());
        }
    }

    /** Declares 200 bytes, sends one every 100 ms; stops sending once the server has answered. */
    private static HttpResponse<String> trickle() {
        String json = "{\"question\":\"" + "x".repeat(200) + "\"}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PREDICTION + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                for (int i = 0; i < json.length() && socket.getInputStream().available() == 0; i++) {
                    out.write(json.charAt(i));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException closedByServer) {
                // the server answered and closed while this was still sending: read what it said
            }
            return RawHttp.read(socket.getInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
