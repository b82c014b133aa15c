package dev.flowstream.it;

import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model streams run on Flowstream's own pools: 150 streams at once add no unnamed thread (before,
 * each stream got a {@code Thread-N} of its own from outside our pools and our shutdown).
 */
class ModelThreadsIT {

    private static final int STREAMS = 150;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @Test
    void concurrent_model_streams_run_on_named_threads_of_ours() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/prediction/" + TestServer.STUB_FLOW))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"[[tokens=40]] [[delay=50]] stream " + i
                            + "\",\"streaming\":true}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(1500); // every stream is under way
        Map<String, Integer> byPool = threadsByPool();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(200, answer.get(60, TimeUnit.SECONDS).statusCode());
        }
        System.out.println("threads during " + STREAMS + " model streams: " + byPool);
        assertTrue(!byPool.containsKey("Thread-"), "no unnamed thread: " + byPool);
    }

    /** Live threads counted by name with the trailing number dropped ({@code Thread-12} counts as {@code Thread-}). */
    private static Map<String, Integer> threadsByPool() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .map(ThreadInfo::getThreadName)
                .collect(Collectors.toMap(name -> name.replaceAll("\\d+$", ""), name -> 1, Integer::sum, TreeMap::new));
    }
}
