package dev.flowstream.it.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three client processes connect and disconnect socket.io sessions as fast as they can for two
 * minutes (the handshake limit off, so nothing but the server's own work slows them): the server
 * answers pings and streams predictions throughout, and once the churn stops, a closed connection
 * has left nothing behind: no open session, no pending timer, the heap after a GC back near where it
 * started. Before timers were charged to their session, each closed connection stayed reachable
 * for 45 s through timers the libraries never cancel.
 */
class ConnectionChurnSoakIT {

    private static final int PROCESSES = 3;
    private static final int SECONDS = Integer.getInteger("soak.churn.seconds", 120);
    private static final long HEAP_SLACK_BYTES = 24L << 20;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.handshake.rate", "0"));

    @Test
    void churning_clients_leave_no_session_no_timer_and_no_heap_behind_and_the_server_serves_throughout() throws Exception {
        warmUp();
        long baseline = heapAfterGc();
        List<CompletableFuture<JsonNode>> churners = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            churners.add(CompletableFuture.supplyAsync(() -> NodeClient.run("churn.mjs", "--url", server.baseUrl(),
                    "--seconds", String.valueOf(SECONDS), "--parallel", "40", "--client", "raw",
                    "--timeout-ms", String.valueOf((SECONDS + 30) * 1000))));
        }
        Service service = serveWhile(churners);
        long connects = 0;
        for (CompletableFuture<JsonNode> churner : churners) {
            JsonNode result = churner.get();
            assertEquals(0, result.path("failures").asInt(), result.toString());
            connects += result.path("connects").asLong();
        }
        long after = settledHeap(baseline);
        System.out.printf("SOAK churn: %d connect/close in %d s (%d a second) by %d processes; heap after GC %d MB"
                        + " before, %d MB peak during, %d MB after; %s%n", connects, SECONDS, connects / SECONDS,
                PROCESSES, baseline >> 20, service.peakHeap >> 20, after >> 20, service);
        assertEquals(0, service.pingFailures, "every ping answered within 2 s: " + service);
        assertEquals(service.predictions, service.predictionsOk, "every prediction streamed in full: " + service);
        assertEquals(0, server.socketIo().sessionCount(), "no session left open");
        assertTrue(server.socketIo().pendingTimers() <= 2, "timers left: " + server.socketIo().pendingTimers());
        assertTrue(after <= baseline + HEAP_SLACK_BYTES,
                "heap after GC back near its baseline: " + (baseline >> 20) + " MB, then " + (after >> 20) + " MB");
    }

    /** Pings every second and a socket.io prediction every 10 s, until the churners are done. */
    private static Service serveWhile(List<CompletableFuture<JsonNode>> churners) throws InterruptedException {
        Service service = new Service();
        CompletableFuture<Void> all = CompletableFuture.allOf(churners.toArray(CompletableFuture[]::new));
        long nextPrediction = System.nanoTime();
        while (!all.isDone()) {
            ping(service);
            if (System.nanoTime() - nextPrediction >= 0) {
                predict(service);
                nextPrediction = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            service.peakHeap = Math.max(service.peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Thread.sleep(1000);
        }
        return service;
    }

    private static void ping(Service service) {
        service.pings++;
        try {
            int status = TestServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ping"))
                    .timeout(Duration.ofSeconds(2)).GET().build()).statusCode();
            if (status != 200) service.pingFailures++;
        } catch (RuntimeException timedOutOrRefused) {
            service.pingFailures++;
        }
    }

    private static void predict(Service service) {
        service.predictions++;
        JsonNode result = NodeClient.run("many-clients.mjs", "--url", server.baseUrl(), "--flow", TestServer.STUB_FLOW,
                "--clients", "1", "--question", "[[tokens=20]] during churn", "--transports", "websocket",
                "--timeout-ms", "20000");
        if (result.path("ok").asInt() == 1) service.predictionsOk++;
    }

    private static void warmUp() {
        NodeClient.run("churn.mjs", "--url", server.baseUrl(), "--seconds", "3", "--parallel", "10", "--client", "raw");
    }

    /** The heap after GC, once the last closed sessions have had a moment to close (at most 10 s). */
    private static long settledHeap(long baseline) throws InterruptedException {
        long heap = heapAfterGc();
        for (int i = 0; i < 10 && (heap > baseline + HEAP_SLACK_BYTES || server.socketIo().sessionCount() > 0); i++) {
            Thread.sleep(1000);
            heap = heapAfterGc();
        }
        return heap;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final class Service {
        int pings;
        int pingFailures;
        int predictions;
        int predictionsOk;
        long peakHeap;

        @Override
        public String toString() {
            return pings + " pings (" + pingFailures + " failed), " + predictionsOk + "/" + predictions + " predictions ok";
        }
    }
}
