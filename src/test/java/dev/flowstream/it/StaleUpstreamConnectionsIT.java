package dev.flowstream.it;

import dev.flowstream.testing.KeepAliveUpstream;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider that gives up keep-alive connections after 5 idle seconds without telling the client
 * (a request on one gets a reset): bursts and single requests just before and after that gap all
 * succeed. Before, requests after the gap failed with "502 the provider's stream broke off", on
 * connections the provider had dropped while the pool still held them.
 */
class StaleUpstreamConnectionsIT {

    private static final String FLOW = "keepalive";
    private static final int BURST = 20;
    private static final long[] GAPS_MS = {4_800, 5_300, 5_600};

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();
    private static KeepAliveUpstream upstream;

    @BeforeAll
    static void flow_on_the_closing_upstream() throws Exception {
        upstream = KeepAliveUpstream.start(Duration.ofSeconds(5));
        TestServer.writeFlow(server.configDir(), FLOW, upstream.baseUrl());
        for (int i = 0; i < 100 && server.get("/api/v1/chatflows-streaming/" + FLOW).statusCode() != 200; i++) {
            Thread.sleep(100); // the reload picks the new flow up within a second
        }
    }

    @AfterAll
    static void stop_upstream() throws Exception {
        if (upstream != null) upstream.close();
    }

    @Test
    void bursts_around_the_upstreams_idle_timeout_all_succeed() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        TreeMap<Integer, Integer> statuses = new TreeMap<>();
        burst(http, statuses);
        for (long gap : GAPS_MS) {
            Thread.sleep(gap);
            burst(http, statuses);
        }
        Thread.sleep(5_300); // one by one, after the gap, on a pool of dead connections
        for (int i = 0; i < 3; i++) one(http, statuses, "single " + i);
        System.out.println("requests around a 5 s upstream idle drop: " + statuses + ", connections the upstream closed idle: "
                + upstream.closedIdle());
        assertTrue(upstream.closedIdle() > 0, "the upstream did close idle connections");
        assertEquals(BURST * (GAPS_MS.length + 1) + 3, statuses.getOrDefault(200, 0), "every prediction answered: " + statuses);
    }

    private static void one(HttpClient http, TreeMap<Integer, Integer> statuses, String question) throws Exception {
        HttpResponse<String> response = http.send(request(question), HttpResponse.BodyHandlers.ofString());
        statuses.merge(response.statusCode(), 1, Integer::sum);
    }

    private static HttpRequest request(String question) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/prediction/" + FLOW))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + question + "\"}")).build();
    }

    private static void burst(HttpClient http, TreeMap<Integer, Integer> statuses) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(http.sendAsync(request("hello " + i), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 200) assertTrue(response.body().contains("a b c"), response.body());
        }
    }
}
