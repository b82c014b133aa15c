package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Milvus's RESTful API v2 ({@code POST /v2/vectordb/...}) as the {@code milvus} node calls it.
 * Milvus answers 200 with a {@code code} that is 0 on success: another code is read here, an
 * unknown collection (100) as absent, refused credentials (1800, 2) as such, a dimension error as
 * a mismatch, anything else as Milvus's failure with its code. The user and password
 * ({@code milvusAuth} credential, or {@code MILVUS_USER} and {@code MILVUS_PASSWORD}) go as a
 * bearer token {@code user:password}.
 *
 * <p>Threading: immutable; calls block on the network.
 */
final class MilvusApi {

    private static final ApiKeys USER = new ApiKeys("milvusUser", "milvusAuth", "MILVUS_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("milvusPassword", "milvusAuth", "MILVUS_PASSWORD");
    private static final int COLLECTION_NOT_FOUND = 100;
    private static final Set<Integer> REFUSED = Set.of(2, 1800);

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final VendorApi api;
    private final VendorApi.ErrorReading dimensionErrors;

    MilvusApi(ExportNode node, FlowRuntime runtime, VendorApi.ErrorReading dimensionErrors) {
        this.node = node;
        this.runtime = runtime;
        this.dimensionErrors = dimensionErrors;
        // no retries: an insert sent again after a failure Milvus may have applied would add its rows twice (auto ids)
        this.api = VendorApi.of(node, "Milvus", runtime).readingErrors(dimensionErrors);
    }

    /** {@code data} of a successful call of {@code /v2/vectordb/<path>}. */
    JsonNode call(URI server, String path, Map<String, Object> body) {
        return find(server, path, body).orElseThrow(() -> failure(COLLECTION_NOT_FOUND, "the collection does not exist"));
    }

    /** {@link #call}, empty when Milvus says the collection does not exist. */
    Optional<JsonNode> find(URI server, String path, Map<String, Object> body) {
        JsonNode answer = api.post(server.resolve("v2/vectordb/" + path), headers(), body);
        int code = answer.path("code").asInt(0);
        if (code == 0) return Optional.of(answer.path("data"));
        if (code == COLLECTION_NOT_FOUND) return Optional.empty();
        String message = answer.path("message").asText("");
        if (REFUSED.contains(code)) throw failure(code, "Milvus refused the user and password");
        throw dimensionErrors.read(message).orElseGet(() -> failure(code, "Milvus answered code " + code + " to " + path));
    }

    private Map<String, String> headers() {
        Optional<String> user = USER.find(node, runtime);
        return user.map(name -> Map.of("Authorization", "Bearer " + name + ":" + PASSWORD.find(node, runtime).orElse("")))
                .orElse(Map.of());
    }

    private ChatflowException failure(int code, String problem) {
        ChatflowException.Kind kind = code == COLLECTION_NOT_FOUND ? ChatflowException.Kind.CONFIGURATION : ChatflowException.Kind.PROVIDER;
        return new ChatflowException(kind, "node " + node.id() + " (" + node.name() + "): " + problem);
    }
}
