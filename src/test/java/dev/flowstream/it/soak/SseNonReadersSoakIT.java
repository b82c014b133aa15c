package dev.flowstream.it.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.OwnThreads;
import dev.flowstream.testing.ParkedThreads;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.ServerThreads;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 50 SSE clients that never read, over connections with small buffers (as over a real network),
 * while 20 SSE clients and 20 socket.io clients stream: the non-readers are shed when they fall
 * further behind than the backlog bound, no thread of ours waits on them, the others stream on.
 */
class SseNonReadersSoakIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;
    private static final int NON_READERS = 50;
    private static final int READERS = 20;
    private static final int ROUNDS = 10;
    private static final int SOCKETS = 20;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.socket.queue.bytes", "131072"))
            .withSendBuffer(8 * 1024);

    @Test
    void non_readers_are_shed_while_readers_and_sockets_stream_on_time() throws Exception {
        streams(false);
        List<NonReader> nonReaders = new ArrayList<>();
        try {
            for (int i = 0; i < NON_READERS; i++) nonReaders.add(NonReader.start(server.port()));
            Thread.sleep(3000); // their answers are piling up now
            streams(true);

            int shed = 0;
            for (NonReader nonReader : nonReaders) {
                String stream = nonReader.readToEnd();
                assertTrue(stream.contains("\"token\""), "it got the start of its stream");
                if (!stream.contains("\"[DONE]\"")) shed++;
            }
            System.out.printf("SOAK SSE non-readers: %d of %d shed%n", shed, NON_READERS);
            assertEquals(NON_READERS, shed, "every non-reader was cut off at the backlog bound");
        } finally {
            for (NonReader nonReader : nonReaders) nonReader.close();
        }
    }

    /** 20 SSE readers and 20 socket.io clients streaming; prints their timings, then checks they got everything. */
    private static String streams(boolean checkParked) throws Exception {
        CompletableFuture<JsonNode> sockets = CompletableFuture.supplyAsync(() -> NodeClient.run("many-clients.mjs",
                "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW, "--clients", String.valueOf(SOCKETS),
                "--rounds", "20", "--question", "[[tokens=50]] [[delay=5]] sockets",
                "--transports", "websocket", "--timeout-ms", "90000"));
        List<Long> sseMs = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<?>[] readers = IntStream.range(0, READERS)
                .mapToObj(i -> CompletableFuture.runAsync(() -> readRounds(i, sseMs))).toArray(CompletableFuture[]::new);
        List<String> parked = checkParked ? ParkedThreads.throughout(OwnThreads::isFlowstream, 20) : List.of();
        CompletableFuture.allOf(readers).handle((done, failure) -> null).get(150, TimeUnit.SECONDS);
        JsonNode socketResult = sockets.handle((result, failure) -> result == null
                ? JSON.createObjectNode().put("failure", String.valueOf(failure)) : result).get(120, TimeUnit.SECONDS);
        List<Long> sorted = sseMs.stream().sorted().toList();
        String summary = sorted.isEmpty() ? "no SSE stream completed" : String.format("%d SSE streams p50 %d ms p95 %d ms max %d ms; socket.io %d/%d ok, http p50 %s ms"
                        + " p95 %s ms, ttft p95 %s ms",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 95 / 100),
                sorted.get(sorted.size() - 1), socketResult.path("ok").asInt(), socketResult.path("requests").asInt(),
                socketResult.path("httpMs").path("p50"), socketResult.path("httpMs").path("p95"),
                socketResult.path("ttftMs").path("p95"));
        System.out.println("SOAK SSE non-readers, " + (checkParked ? "attacked: " : "calm:     ") + summary
                + (parked.isEmpty() ? "" : "; parked: " + parked.size()));
        assertTrue(parked.isEmpty(), "no thread of ours waits on a client: " + parked);
        assertEquals(READERS * ROUNDS, sseMs.size(), "every SSE stream complete within 20 s");
        assertEquals(SOCKETS * 20, socketResult.path("ok").asInt(), socketResult.toString());
        return summary;
    }

    private static void readRounds(int reader, List<Long> sseMs) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(server.baseUrl() + PREDICTION))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"[[tokens=50]] [[delay=5]] reader "
                            + reader + "\",\"streaming\":true}")).build());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"t49 \"") && response.body().contains("\"[DONE]\""), response.body());
            sseMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An SSE prediction whose client never reads until told; about 10 s of tokens, 350 KB of events. */
    private static final class NonReader implements AutoCloseable {
        private static final String QUESTION = "[[delay=3]] " + "w".repeat(60).concat(" ").repeat(3000);
        private final Socket socket;

        private NonReader(Socket socket) {
            this.socket = socket;
        }

        static NonReader start(int port) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            String body = "{\"question\":\"" + QUESTION + "\",\"streaming\":true}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PREDICTION + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new NonReader(socket);
        }

        String readToEnd() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) != -1) all.write(chunk, 0, n);
            } catch (SocketTimeoutException silent) {
                throw new AssertionError("a non-reader's connection stayed open and silent for 30 s after "
                        + all.size() + " bytes, ending: " + tail(all.toString(StandardCharsets.UTF_8))
                        + "\nserver threads:\n" + ServerThreads.dump(), silent);
            } catch (SocketException reset) {
                // a shed connection may end with a reset: what came before counts
            }
            return all.toString(StandardCharsets.UTF_8);
        }

        private static String tail(String text) {
            return text.substring(Math.max(0, text.length() - 300));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
