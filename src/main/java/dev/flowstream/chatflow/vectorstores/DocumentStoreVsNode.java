package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ConfigPaths;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flowise's {@code documentStoreVS}: the vector store of a Flowise document store, with the
 * embeddings it was filled with. Flowise keeps both in its database; Flowstream reads them from
 * {@code <config>/document-stores/<selectedStore>/store.json}, the store as Flowise's API answers
 * {@code GET /api/v1/document-store/store/<id>}: its {@code vectorStoreConfig} and
 * {@code embeddingConfig}, each {@code {"name": <node type>, "config": {<inputs>}}} (or that JSON as
 * a string, as Flowise stores it), {@code config.credential} naming the credential. The node is then
 * that vector store node, built with those inputs, its embeddings node, and the folder's files as its
 * documents ({@code documentStore}), so an upsert of the flow fills it as Flowise's document store
 * upsert does.
 *
 * <p>Threading: the loader runs on the thread that loads the flow; what it returns is the store node's.
 */
final class DocumentStoreVsNode {

    static final String NAME = "documentStoreVS";
    static final String SETTINGS = "store.json";

    private DocumentStoreVsNode() {
    }

    static Retriever load(ExportNode node, Wiring wiring) {
        String store = node.inputs().text("selectedStore").map(String::trim)
                .orElseThrow(() -> node.failure("needs a document store in its selectedStore input"));
        Path folder = ConfigPaths.inside(node, "selectedStore", wiring.runtime().configDir(), "document-stores/" + store, true);
        Path settings = folder.resolve(SETTINGS);
        if (!Files.isRegularFile(settings)) {
            throw node.failure("needs document-stores/" + store + "/" + SETTINGS + " in the config directory: the store's "
                    + "vectorStoreConfig and embeddingConfig, as Flowise's GET /api/v1/document-store/store/" + store + " answers them");
        }
        JsonNode root = read(node, settings, store);
        Config embeddings = config(node, root, "embeddingConfig", store);
        Config vectors = config(node, root, "vectorStoreConfig", store);
        ExportNode embedder = embeddings.node(node.id() + "_embeddings", Map.of());
        ExportNode documents = new ExportNode(node.id() + "_documents", "documentStore", "Document Store",
                new NodeInputs(node.id() + "_documents", "documentStore", Map.of("selectedStore", TextNode.valueOf(store))));
        Map<String, JsonNode> wired = new LinkedHashMap<>();
        wired.put("embeddings", TextNode.valueOf("{{" + embedder.id() + ".data.instance}}"));
        wired.put("document", JsonNodeFactory.instance.arrayNode().add("{{" + documents.id() + ".data.instance}}"));
        ExportNode vectorStore = vectors.node(node.id() + "_store", wired);
        return wiring.inner(List.of(embedder, documents, vectorStore), Role.VECTOR_STORE);
    }

    /** One of the store's configs: a node type and its inputs. */
    private record Config(String name, JsonNode inputs) {
        ExportNode node(String id, Map<String, JsonNode> wired) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            inputs.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
            values.putAll(wired);
            Optional<String> credential = Optional.ofNullable(inputs.path("credential").textValue()).filter(text -> !text.isBlank());
            return new ExportNode(id, name, name, new NodeInputs(id, name, values), credential);
        }
    }

    private static Config config(ExportNode node, JsonNode root, String field, String store) {
        JsonNode value = root.path(field);
        if (value.isTextual()) value = parse(node, value.textValue(), field, store);
        if (!value.isObject() || !value.path("name").isTextual() || value.path("name").textValue().isBlank()
                || !(value.path("config").isObject() || value.path("config").isMissingNode())) {
            throw node.failure("needs " + field + " in document-stores/" + store + "/" + SETTINGS
                    + " as {\"name\": <node type>, \"config\": {<inputs>}}");
        }
        JsonNode inputs = value.path("config").isObject() ? value.path("config") : JsonNodeFactory.instance.objectNode();
        return new Config(value.path("name").textValue().trim(), inputs);
    }

    private static JsonNode read(ExportNode node, Path settings, String store) {
        try {
            JsonNode root = Json.reader().readTree(Files.readString(settings));
            if (root == null || !root.isObject()) throw node.failure("document-stores/" + store + "/" + SETTINGS + " must be a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw node.failure("document-stores/" + store + "/" + SETTINGS + " is not valid JSON");
        } catch (IOException e) {
            throw node.failure("cannot read document-stores/" + store + "/" + SETTINGS);
        }
    }

    private static JsonNode parse(ExportNode node, String json, String field, String store) {
        try {
            return Json.reader().readTree(json);
        } catch (JsonProcessingException e) {
            throw node.failure(field + " in document-stores/" + store + "/" + SETTINGS + " is not valid JSON");
        }
    }
}
