package dev.flowstream.it.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.NodeClient;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.OwnThreads;
import dev.flowstream.testing.TestServer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.flowstream.testing.StreamAssertions.assertWellFormed;
import static dev.flowstream.testing.StreamAssertions.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deploys {@code target/flowstream.war} into one running Tomcat 10.1 twenty times, streams a real
 * prediction through each deployment (the model node's HTTP client, socket.io, the websocket) and
 * undeploys it again. Afterwards nothing Flowstream started may still run and every one of the
 * twenty webapp class loaders must be collectable: a redeploy that leaks a thread or a loader
 * grows the server's memory until it falls over. Runs in failsafe's {@code container-tomcat}
 * execution, where the test classpath has Tomcat but no Flowstream classes.
 */
class TomcatRedeployIT {

    private static final int DEPLOYS = 20;
    private static final Path WAR = Path.of("target", "flowstream.war").toAbsolutePath();
    // held strongly: java.util.logging forgets loggers nobody references, and with them the handler
    private static final Logger TOMCAT_LOADER_LOG = Logger.getLogger("org.apache.catalina.loader");
    private static final List<String> LEAK_WARNINGS = new CopyOnWriteArrayList<>();
    private static final Handler LEAK_WATCH = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) LEAK_WARNINGS.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static OpenAiStub stub;
    private static Tomcat tomcat;
    private static Connector connector;

    @BeforeAll
    static void startTomcat() throws Exception {
        stub = OpenAiStub.start();
        Path config = Files.createTempDirectory("flowstream-redeploy-config");
        Files.createDirectories(config.resolve("chatflows"));
        TestServer.writeFlow(config, TestServer.STUB_FLOW, stub.baseUrl());
        System.setProperty("flowstream.config", config.toString());
        TOMCAT_LOADER_LOG.addHandler(LEAK_WATCH);

        Path base = Files.createTempDirectory("flowstream-redeploy-tomcat");
        Files.createDirectories(base.resolve("webapps"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet: Jasper is not on this classpath
        connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.start();
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        TOMCAT_LOADER_LOG.removeHandler(LEAK_WATCH);
        System.clearProperty("flowstream.config");
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (stub != null) stub.close();
    }

    @Test
    void twenty_deploy_stream_undeploy_cycles_leave_no_thread_and_no_class_loader_behind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < DEPLOYS; i++) loaders.add(deployStreamAndUndeploy(i));

        awaitCollected(loaders);
        assertEquals(List.of(), liveThreadsOf(loaders, before), "threads still running webapp code or holding its loader");
        assertEquals(DEPLOYS, loaders.stream().filter(ref -> ref.get() == null).count(),
                "webapp class loaders still reachable after undeploy and GC");
        assertEquals(List.of(), LEAK_WARNINGS.stream().filter(TomcatRedeployIT::isLeakWarning).toList(),
                "Tomcat's leak detection complained");
    }

    private static WeakReference<ClassLoader> deployStreamAndUndeploy(int round) {
        Context context = tomcat.addWebapp("/flowstream", WAR.toString());
        WeakReference<ClassLoader> loader = new WeakReference<>(context.getLoader().getClassLoader());
        try {
            String transports = round % 2 == 0 ? "websocket" : "default";
            String question = "deploy " + round;
            JsonNode result = NodeClient.run("seed-client.mjs", "--url", "http://127.0.0.1:" + connector.getLocalPort() + "/flowstream/",
                    "--flow", TestServer.STUB_FLOW, "--question", question, "--transports", transports);
            assertEquals(200, result.path("http").path("status").asInt(), result.toString());
            assertEquals("Echo: " + question, body(result).path("text").asText(), result.toString());
            assertWellFormed(result.path("events"), "Echo: " + question);
        } finally {
            tomcat.getHost().removeChild(context);
        }
        return loader;
    }

    private static void awaitCollected(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
        // the JDK's HTTP client ends its selector thread a few seconds after the client becomes unreachable
        gcUntilCollected(loaders, 15_000);
        // softly reachable is collectable (the JVM clears soft references before it runs out of heap);
        // make it do so now instead of waiting for real memory pressure
        exhaustHeap();
        gcUntilCollected(loaders, 5_000);
    }

    private static void gcUntilCollected(List<WeakReference<ClassLoader>> loaders, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (loaders.stream().anyMatch(ref -> ref.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(200);
        }
    }

    @SuppressWarnings({"MismatchedQueryAndUpdateOfCollection", "unused"})
    private static void exhaustHeap() {
        List<byte[]> hog = new ArrayList<>();
        try {
            while (true) hog.add(new byte[8 << 20]);
        } catch (OutOfMemoryError expected) {
            hog.clear();
        }
    }

    /** Ours by name, the model clients' JDK threads that were not there before, or any thread holding a webapp loader. */
    private static List<String> liveThreadsOf(List<WeakReference<ClassLoader>> loaders, Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> OwnThreads.isFlowstream(thread.getName())
                        || (thread.getName().startsWith("HttpClient-") && !before.contains(thread))
                        || loaders.stream().anyMatch(ref -> ref.get() != null && ref.get() == thread.getContextClassLoader()))
                .map(thread -> thread.getName() + " (loader " + thread.getContextClassLoader() + ")")
                .sorted()
                .toList();
    }

    private static boolean isLeakWarning(String message) {
        return message.contains("memory leak") || message.contains("failed to stop it") || message.contains("ThreadLocal");
    }
}
