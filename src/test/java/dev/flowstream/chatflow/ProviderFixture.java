package dev.flowstream.chatflow;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.graph.FlowiseExport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.streaming.StreamEvent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Provider nodes loaded from Flowise-shaped node JSON, run against a local stub: a runtime with a
 * chosen environment and a short stall timeout (600 ms), and the checks every provider shares.
 */
public final class ProviderFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private FlowRuntime runtime;

    public ProviderFixture(Path configDir) {
        this.configDir = configDir;
    }

    /** Sets a variable of the environment the runtime sees; call before {@link #runtime}. */
    public ProviderFixture env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public FlowRuntime runtime() {
        if (runtime == null) {
            runtime = new FlowRuntime(configDir, ConfigDirs.settings(Duration.ofSeconds(10), Duration.ofMillis(600)),
                    environment::get);
        }
        return runtime;
    }

    /** The node as Flowise exports it ({@code {id, data: {name, label, inputs}}}), read by FlowiseExport. */
    public static ExportNode node(String id, String name, Map<String, Object> inputs) {
        ObjectNode node = JSON.createObjectNode().put("id", id);
        ObjectNode data = node.putObject("data").put("id", id).put("name", name).put("label", name);
        data.set("inputs", JSON.valueToTree(inputs));
        ObjectNode export = JSON.createObjectNode();
        export.putArray("nodes").add(node);
        export.putArray("edges");
        return FlowiseExport.parse(export.toString()).node(id).orElseThrow();
    }

    public static CompletionStage<FlowResult> ask(ChatModelNode model, String question, RecordingSink sink) {
        return ask(model, question, Map.of(), sink);
    }

    public static CompletionStage<FlowResult> ask(ChatModelNode model, String question, Map<String, Object> overrideConfig,
                                           RecordingSink sink) {
        List<ChatMessage> messages = List.of(UserMessage.from(question));
        return model.stream(messages, overrideConfig, sink, List.of());
    }

    /** start (with the first token), the tokens in order, one end; their concatenation is the answer. */
    public static void assertStreamed(List<String> tokens, FlowResult result, RecordingSink sink) {
        assertEquals(tokens, sink.tokens());
        assertEquals(String.join("", tokens), result.text());
        assertEquals(result.text(), sink.text());
        assertEquals("start", sink.names().get(0), sink.toString());
        assertEquals(new StreamEvent.Start(tokens.get(0)), sink.events().get(0));
        assertEquals(1, sink.count("start"));
        assertEquals(1, sink.count("end"));
        assertEquals("end", sink.names().get(sink.names().size() - 1));
        assertEquals(0, sink.count("error"));
        assertFalse(sink.overlapped());
    }

    /** Without a key a prediction fails before any request, with {@code message} saying where to put one. */
    public static void assertMissingKey(ChatModelNode model, String message, IntSupplier requests) {
        ChatflowException failure = failure(ask(model, "hi", new RecordingSink()));
        assertEquals(Kind.CONFIGURATION, failure.kind());
        assertEquals(message, failure.getMessage());
        assertEquals(0, requests.getAsInt());
    }

    /** {@code [[fail]]} fails before any event, {@code [[cut]]} after three tokens, {@code [[stall]]} times out. */
    public static void assertFailuresKeepTheirKinds(Supplier<? extends ChatModelNode> model) {
        RecordingSink failed = new RecordingSink();
        assertEquals(Kind.PROVIDER, failure(ask(model.get(), "[[fail]]", failed)).kind());
        assertEquals(List.of(), failed.events());

        assertBrokenAfterThreeTokens(model.get(), "[[cut]] [[tokens=5]]");

        RecordingSink silent = new RecordingSink();
        assertEquals(Kind.TIMEOUT, failure(ask(model.get(), "[[stall]]", silent)).kind());
        assertEquals(List.of("start", "token", "error", "end"), silent.names());
    }

    /** A stream that breaks after three tokens is a provider error, reported after them. */
    public static void assertBrokenAfterThreeTokens(ChatModelNode model, String question) {
        RecordingSink sink = new RecordingSink();
        assertEquals(Kind.PROVIDER, failure(ask(model, question, sink)).kind());
        assertEquals(List.of("start", "token", "token", "token", "error", "end"), sink.names());
    }

    /** Tokens {@code "t0 "}, {@code "t1 "}, ... as the stubs send for {@code [[tokens=n]]}. */
    public static List<String> tokens(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i + " ").toList();
    }

    @Override
    public void close() {
        if (runtime != null) runtime.close();
    }
}
