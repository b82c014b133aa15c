package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads one document loader node as a flow would (through its registered type), with an optional
 * text splitter connected, and writes files the way Flowise keeps uploads in an export.
 */
final class LoaderFixture implements AutoCloseable {

    private final FlowRuntime runtime;
    private Optional<TextSplitter> splitter = Optional.empty();

    LoaderFixture(Path configDir) {
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), name -> null);
    }

    /** Connects a splitter to the loader's textSplitter input. */
    LoaderFixture splitter(TextSplitter connected) {
        splitter = Optional.of(connected);
        return this;
    }

    DocumentLoader loader(String type, Map<String, Object> inputs) {
        NodeType nodeType = DocumentLoaderNodes.TYPES.stream().filter(t -> t.name().equals(type)).findFirst().orElseThrow();
        ExportNode node = ProviderFixture.node(type + "_0", type, inputs);
        return (DocumentLoader) nodeType.loader().load(node, new SplitterOnly());
    }

    /** The documents the loader reads when its flow loads, with no overrides. */
    List<SourceDocument> documents(String type, Map<String, Object> inputs) {
        return loader(type, inputs).documents(Map.of());
    }

    /** An upload as Flowise keeps it in an export: {@code data:<type>;base64,<content>,filename:<name>}. */
    static String upload(String name, String type, byte[] content) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(content) + ",filename:" + name;
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Wiring with nothing connected but the splitter. */
    private final class SplitterOnly implements Wiring {
        @Override
        public FlowRuntime runtime() {
            return runtime;
        }

        @Override
        public String flowId() {
            return "flow";
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> optional(ExportNode node, String input, Role<T> role) {
            return input.equals("textSplitter") && role == Role.TEXT_SPLITTER ? (Optional<T>) splitter : Optional.empty();
        }

        @Override
        public <T> List<T> all(ExportNode node, String input, Role<T> role) {
            return List.of();
        }

        @Override
        public List<String> typesWith(Role<?> role, Capability capability) {
            return List.of();
        }
    }
}
