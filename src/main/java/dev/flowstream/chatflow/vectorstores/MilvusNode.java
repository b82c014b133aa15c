package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Flowise's {@code milvus} node over Milvus's RESTful API v2 ({@link MilvusApi}), in LangChain's
 * layout: an upsert creates the collection {@code milvusCollection} when missing (an auto primary
 * key {@code langchain_primaryid}, a float vector {@code langchain_vector} of the embeddings'
 * length with an L2 AUTOINDEX, the text in {@code milvusTextField}, default {@code langchain_text},
 * at most 65535 characters, and the metadata as dynamic fields), then inserts the documents into
 * {@code milvusPartition}; a question loads the collection when needed and searches the
 * {@code topK} closest matching {@code milvusFilter} (a Milvus boolean expression). Metadata comes
 * back with the primary key, as in Flowise; text that holds a JSON object or list is read as one.
 * {@code fileUpload} and TLS client certificates are refused.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class MilvusNode implements Retriever, Upserter {

    static final String NAME = "milvus";
    private static final String PRIMARY = "langchain_primaryid";
    private static final String VECTOR = "langchain_vector";
    private static final Pattern DIMENSION_ERROR = Pattern.compile(
            "the dim \\((?<given>\\d+)\\) of field data\\(\\w+\\) is not equal to schema dim \\((?<stored>\\d+)\\)");

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final Optional<URI> server;
    private final Optional<String> collection;
    private final String partition;
    private final String textField;
    private final Optional<String> filter;
    private final StoreSearch search;
    private final MilvusApi api;

    private MilvusNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.server = node.inputs().text("milvusServerUrl").map(url -> StoreCredentials.url(url).orElseThrow(() ->
                node.failure("input milvusServerUrl must be a URL like http://localhost:19530, not " + url.trim())));
        this.collection = node.inputs().text("milvusCollection").map(String::trim);
        this.partition = node.inputs().text("milvusPartition").map(String::trim).orElse("_default");
        this.textField = node.inputs().text("milvusTextField").map(String::trim).orElse("langchain_text");
        this.filter = node.inputs().text("milvusFilter").map(String::trim);
        this.search = StoreSearch.similarity(node);
        this.api = new MilvusApi(node, wiring.runtime(), Dimensions.reading(node, this::holder, embeddings, DIMENSION_ERROR));
    }

    static MilvusNode load(ExportNode node, Wiring wiring) {
        if (node.inputs().flag("fileUpload", false)) throw node.failure("uses fileUpload, which Flowstream does not support yet");
        List.of("clientPemPath", "clientKeyPath", "caPemPath").forEach(node::refuseIfSet);
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new MilvusNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        URI server = server();
        float[] vector = embeddings.embedQuery(query);
        Optional<JsonNode> described = api.find(server, "collections/describe", Map.of("collectionName", collection()));
        if (described.isEmpty()) return List.of();
        Dimensions.check(node, holder(), MilvusSchema.dimension(described.get()), embeddings, vector.length);
        if (!described.get().path("load").asText().equals("LoadStateLoaded")) {
            api.call(server, "collections/load", Map.of("collectionName", collection()));
        }
        String vectorField = MilvusSchema.field(described.get(), "FloatVector").orElse(VECTOR);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("collectionName", collection());
        body.put("data", List.of(vector));
        body.put("annsField", vectorField);
        body.put("limit", search.topK());
        body.put("outputFields", List.of("*"));
        filter.ifPresent(expression -> body.put("filter", expression));
        if (!partition.equals("_default")) body.put("partitionNames", List.of(partition));
        List<SourceDocument> found = new ArrayList<>();
        for (JsonNode row : api.call(server, "entities/search", body)) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            row.properties().forEach(field -> {
                boolean kept = !field.getValue().isNull() && !List.of(textField, vectorField, "distance").contains(field.getKey());
                if (kept) metadata.put(field.getKey(), value(field.getValue()));
            });
            found.add(new SourceDocument(row.path(textField).asText(""), metadata));
        }
        return found;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig).stream()
                .filter(document -> !document.pageContent().isEmpty()).toList();
        URI server = server();
        collection(); // a blank server or collection fails here, before the documents are embedded
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        Optional<JsonNode> described = api.find(server, "collections/describe", Map.of("collectionName", collection()));
        described.ifPresent(info -> Dimensions.check(node, holder(), MilvusSchema.dimension(info), embeddings, vectors.get(0).length));
        if (described.isEmpty()) api.call(server, "collections/create", MilvusSchema.create(collection(), textField, vectors.get(0).length));
        String vectorField = described.flatMap(info -> MilvusSchema.field(info, "FloatVector")).orElse(VECTOR);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>(documents.get(i).metadata());
            row.remove(PRIMARY);
            row.put(textField, documents.get(i).pageContent());
            row.put(vectorField, vectors.get(i));
            rows.add(row);
        }
        Map<String, Object> insert = new LinkedHashMap<>();
        insert.put("collectionName", collection());
        if (!partition.equals("_default")) insert.put("partitionName", partition);
        insert.put("data", rows);
        api.call(server, "entities/insert", insert);
        return UpsertResult.added(documents);
    }

    private URI server() {
        return StoreInputs.needed(node, server, "milvusServerUrl", "the Milvus server's URL");
    }

    private String collection() {
        return StoreInputs.needed(node, collection, "milvusCollection", "the name of a collection");
    }

    private String holder() {
        return "Milvus collection " + collection();
    }

    /** A returned value; text holding a JSON object or list (how LangChain stores nested metadata) read back as one. */
    private static Object value(JsonNode value) {
        String text = value.isTextual() ? value.asText().trim() : "";
        try {
            JsonNode read = text.startsWith("{") || text.startsWith("[") ? Json.reader().readTree(text) : value;
            return Json.reader().forType(Object.class).readValue(read);
        } catch (IOException e) {
            return value.asText(); // text that only looked like JSON
        }
    }
}
