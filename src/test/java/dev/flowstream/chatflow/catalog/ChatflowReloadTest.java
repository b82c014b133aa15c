package dev.flowstream.chatflow.catalog;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.streaming.StreamEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Chatflow files added, edited, broken, fixed and removed while the catalog serves them. */
class ChatflowReloadTest {

    private static final String GUIDE = "Flowstream streams tokens to every socket.";
    private static final String RELOAD = "Flowstream reloads chatflows without a restart.";
    private static final String QUESTION = "flowstream tokens reloads";
    private static final Duration CHECK = Duration.ofMillis(20);

    @TempDir
    Path configDir;
    private DirectoryCatalog catalog;

    @BeforeEach
    void serveOneFlow() {
        ConfigDirs.doc(configDir, "guide.md", GUIDE);
        ConfigDirs.doc(configDir.resolve("other"), "reload.md", RELOAD);
        ConfigDirs.write(configDir, "docs-bot", localDocs("v1", "docs"));
        catalog = DirectoryCatalog.open(configDir, ConfigDirs.settings(), name -> null, CHECK);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void a_file_added_while_serving_is_served() throws Exception {
        ConfigDirs.write(configDir, "second-bot", localDocs("second", "docs"));

        eventually(() -> catalog.find("second-bot").isPresent(), "second-bot is served");
        assertEquals(GUIDE, answer(catalog.find("second-bot").orElseThrow()));
        assertEquals(List.of("docs-bot", "second-bot"), catalog.all().stream().map(Chatflow::id).toList());
    }

    @Test
    void an_edited_file_answers_in_its_new_version() throws Exception {
        ConfigDirs.write(configDir, "docs-bot", localDocs("v2", "other/docs"));

        eventually(() -> name("docs-bot").equals("v2"), "v2 is served");
        assertEquals(RELOAD, answer(catalog.find("docs-bot").orElseThrow()));
        assertEquals(Map.of(), catalog.failures());
    }

    @Test
    void a_broken_edit_keeps_the_last_good_version_answering_and_reports_why() throws Exception {
        ConfigDirs.write(configDir, "docs-bot", "{\"nodes\": [");

        eventually(() -> catalog.failures().getOrDefault("docs-bot", "").startsWith("the export is not valid JSON"),
                "the broken edit is reported");
        assertEquals("v1", name("docs-bot"));
        assertEquals(GUIDE, answer(catalog.find("docs-bot").orElseThrow()));
    }

    @Test
    void fixing_a_broken_edit_serves_the_fix_and_clears_the_failure() throws Exception {
        ConfigDirs.write(configDir, "docs-bot", "{\"nodes\": [");
        eventually(() -> catalog.failures().containsKey("docs-bot"), "the broken edit is reported");

        ConfigDirs.write(configDir, "docs-bot", localDocs("v2", "other/docs"));

        eventually(() -> name("docs-bot").equals("v2") && catalog.failures().isEmpty(), "the fix is served");
        assertEquals(RELOAD, answer(catalog.find("docs-bot").orElseThrow()));
    }

    @Test
    void a_second_write_with_the_same_size_and_time_is_noticed_by_its_content() throws Exception {
        String good = localDocs("v2", "other/docs").toPrettyString();
        FileTime sameTime = FileTime.fromMillis(System.currentTimeMillis());
        try (FlowRuntime runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null)) {
            ChatflowReloader reloader = reloader(runtime);
            rewrite("docs-bot", good.replace('{', '['), sameTime);
            CatalogSnapshot half = reloader.reload(CatalogSnapshot.EMPTY).next();
            assertTrue(half.failures().containsKey("docs-bot"), half.failures().toString());

            rewrite("docs-bot", good, sameTime);
            CatalogSnapshot whole = reloader.reload(half).next();

            assertEquals("v2", whole.flows().get("docs-bot").name());
            assertEquals(Map.of(), whole.failures());
            whole.retire();
        }
    }

    @Test
    void a_touched_but_unchanged_file_is_not_reloaded() throws Exception {
        try (FlowRuntime runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null)) {
            ChatflowReloader reloader = reloader(runtime);
            CatalogSnapshot loaded = reloader.reload(CatalogSnapshot.EMPTY).next();
            Files.setLastModifiedTime(configDir.resolve("chatflows/docs-bot.json"),
                    FileTime.fromMillis(System.currentTimeMillis() + 60_000));

            ChatflowReloader.Outcome touched = reloader.reload(loaded);

            assertTrue(touched.next() == loaded && touched.replaced().isEmpty(), "reloaded: " + touched);
            loaded.retire();
        }
    }

    @Test
    void a_removed_file_unloads_its_flow_and_its_failure() throws Exception {
        ConfigDirs.write(configDir, "broken-bot", "[]");
        eventually(() -> catalog.failures().containsKey("broken-bot"), "broken-bot is reported");

        Files.delete(configDir.resolve("chatflows/docs-bot.json"));
        Files.delete(configDir.resolve("chatflows/broken-bot.json"));

        eventually(() -> catalog.find("docs-bot").isEmpty() && catalog.failures().isEmpty(), "both are gone");
        assertEquals(List.of(), catalog.all());
    }

    @Test
    void a_run_in_progress_finishes_on_the_old_version_which_is_released_afterwards() throws Exception {
        ChatflowVersion old = (ChatflowVersion) catalog.find("docs-bot").orElseThrow();
        CountDownLatch proceed = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink();
        CompletableFuture<FlowResult> run = old.run(FlowRequest.of(QUESTION), event -> {
            if (event instanceof StreamEvent.Token) await(proceed);
            sink.accept(event);
        }).toCompletableFuture();

        ConfigDirs.write(configDir, "docs-bot", localDocs("v2", "other/docs"));
        eventually(() -> name("docs-bot").equals("v2"), "v2 is served");
        assertFalse(old.released(), "released while a run still uses it");
        proceed.countDown();

        assertEquals(GUIDE, run.get(5, TimeUnit.SECONDS).text());
        assertEquals(GUIDE, sink.text());
        eventually(old::released, "the old version is released once its run is done");
    }

    @Test
    void a_flow_looked_up_before_a_reload_and_run_after_it_answers_with_the_new_version() throws Exception {
        Chatflow lookedUp = catalog.find("docs-bot").orElseThrow();

        ConfigDirs.write(configDir, "docs-bot", localDocs("v2", "other/docs"));
        eventually(((ChatflowVersion) lookedUp)::released, "the old version is released");

        assertEquals(RELOAD, answer(lookedUp));
    }

    @Test
    void close_stops_the_reload_thread_and_can_be_called_twice() throws Exception {
        List<Thread> reloading = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(ChatflowWatcher.THREAD) && thread.isAlive())
                .toList();
        assertFalse(reloading.isEmpty(), "a reload thread runs");
        assertTrue(reloading.stream().allMatch(Thread::isDaemon));

        catalog.close();
        catalog.close();

        for (Thread thread : reloading) thread.join(5_000);
        assertTrue(reloading.stream().noneMatch(Thread::isAlive), "still alive: " + reloading);
    }

    private static ObjectNode localDocs(String name, String docsPath) {
        ObjectNode export = ConfigDirs.withInputs(ConfigDirs.shipped("local-docs"), "flowstreamLocalAnswer_0",
                Map.of("docsPath", docsPath, "topK", "1"));
        export.put("name", name);
        return export;
    }

    private void rewrite(String id, String export, FileTime modified) throws IOException {
        Path file = configDir.resolve("chatflows").resolve(id + ".json");
        Files.writeString(file, export);
        Files.setLastModifiedTime(file, modified);
    }

    private ChatflowReloader reloader(FlowRuntime runtime) {
        Path chatflows = configDir.resolve("chatflows");
        return new ChatflowReloader(chatflows, new ChatflowLoader(runtime), id -> Optional.empty());
    }

    private String name(String id) {
        return catalog.find(id).map(Chatflow::name).orElse("");
    }

    private static String answer(Chatflow flow) throws Exception {
        CompletableFuture<FlowResult> run = flow.run(FlowRequest.of(QUESTION), new RecordingSink()).toCompletableFuture();
        return run.get(5, TimeUnit.SECONDS).text();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within 5 s: " + what);
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("the test never let the run go on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
