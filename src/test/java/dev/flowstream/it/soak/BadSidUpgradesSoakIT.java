package dev.flowstream.it.soak;

import dev.flowstream.testing.RawEngineIoSocket;
import dev.flowstream.testing.RawUpgrade;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 20,000 websocket upgrades naming a session that does not exist, and a thousand naming a live one:
 * none is answered with a websocket, none leaves anything behind (sessions, websockets, heap after
 * GC), and the live session still gets its tokens. Before, each bad upgrade left a websocket
 * registered for good, and one naming a live session replaced its entry.
 */
class BadSidUpgradesSoakIT {

    private static final int UNKNOWN = 20_000;
    private static final int LIVE = 1_000;
    private static final int THREADS = 8;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.ping.interval.ms", "1000"));

    @Test
    void bad_sid_upgrades_leave_nothing_behind_and_do_not_disturb_the_live_session() throws Exception {
        try (RawEngineIoSocket live = RawEngineIoSocket.open(server.port()).answeringPings()) {
            String engineSid = JSON.readTree(live.next().substring(1)).path("sid").asText();
            live.send("40");
            String socketId = JSON.readTree(live.next().substring(2)).path("sid").asText();
            upgrades("no-such-session-", 100); // warm-up
            long baseline = heapAfterGc();
            int sessions = server.socketIo().sessionCount();
            int websockets = server.socketIo().webSocketCount();

            int upgraded = upgrades("no-such-session-", UNKNOWN) + liveUpgrades(engineSid);
            long after = heapAfterGc();
            System.out.printf("SOAK bad-sid upgrades: %d unknown and %d live-sid upgrades, %d answered 101; heap after GC"
                    + " %d MB before, %d MB after%n", UNKNOWN, LIVE, upgraded, baseline >> 20, after >> 20);
            assertEquals(0, upgraded, "no bad upgrade became a websocket");
            assertEquals(sessions, server.socketIo().sessionCount());
            assertEquals(websockets, server.socketIo().webSocketCount());
            assertTrue(after <= baseline + (16L << 20), "no heap growth: " + (baseline >> 20) + " → " + (after >> 20) + " MB");

            HttpResponse<String> answer = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                    "{\"question\":\"[[tokens=5]] still there\",\"socketIOClientId\":\"" + socketId + "\"}", "application/json");
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(framesUntilEnd(live).contains("42[\"token\""), "the live session got its tokens");
        }
    }

    /** Upgrades to {@code count} distinct unknown sessions from several threads; returns how many got a 101. */
    private static int upgrades(String sidPrefix, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        AtomicInteger upgraded = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                done.add(threads.submit(() -> {
                    for (int i = first; i < count; i += THREADS) {
                        if (upgrade(sidPrefix + i).upgraded()) upgraded.incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : done) future.get();
        } finally {
            threads.shutdown();
        }
        return upgraded.get();
    }

    /** Upgrades naming the live session, which is on websocket already: the library refuses each. */
    private static int liveUpgrades(String engineSid) {
        int upgraded = 0;
        for (int i = 0; i < LIVE; i++) {
            RawUpgrade upgrade = upgrade(engineSid);
            if (upgrade.upgraded() && upgrade.firstOpcode() != 8) upgraded++;
        }
        return upgraded;
    }

    private static RawUpgrade upgrade(String sid) {
        try {
            return RawUpgrade.send(server.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + sid,
                    "127.0.0.1:" + server.port(), "Origin", server.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String framesUntilEnd(RawEngineIoSocket live) throws InterruptedException {
        StringBuilder frames = new StringBuilder();
        String frame;
        do {
            frame = live.next();
            frames.append(frame).append('\n');
        } while (!frame.startsWith("42[\"end\""));
        return frames.toString();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
