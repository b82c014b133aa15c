package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@code elasticsearch} node finds Elasticsearch and how it signs in, as Flowise's two
 * credentials say: {@code elasticsearchApi} ({@code endpoint}, the server's URL, and
 * {@code apiKey}, sent as {@code Authorization: ApiKey}), else {@code elasticSearchUserPassword}
 * ({@code cloudId}, a URL or an Elastic Cloud id, with {@code username} and {@code password}, sent
 * as basic auth); else {@code ELASTICSEARCH_URL} with {@code ELASTICSEARCH_API_KEY}, or
 * {@code ELASTICSEARCH_CLOUD_ID} with {@code ELASTICSEARCH_USERNAME} and
 * {@code ELASTICSEARCH_PASSWORD}. An endpoint without a key is used without one (a local server).
 * Looked up when a request needs it.
 *
 * <p>Threading: immutable.
 */
record ElasticsearchConnection(URI server, Map<String, String> headers) {

    private static final ApiKeys ENDPOINT = new ApiKeys("endpoint", "elasticsearchApi", "ELASTICSEARCH_URL");
    private static final ApiKeys API_KEY = new ApiKeys("apiKey", "elasticsearchApi", "ELASTICSEARCH_API_KEY");
    private static final ApiKeys CLOUD_ID = new ApiKeys("cloudId", "elasticSearchUserPassword", "ELASTICSEARCH_CLOUD_ID");
    private static final ApiKeys USERNAME = new ApiKeys("username", "elasticSearchUserPassword", "ELASTICSEARCH_USERNAME");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "elasticSearchUserPassword", "ELASTICSEARCH_PASSWORD");

    static ElasticsearchConnection of(ExportNode node, FlowRuntime runtime) {
        Optional<String> endpoint = ENDPOINT.find(node, runtime);
        if (endpoint.isPresent()) {
            URI server = StoreCredentials.url(endpoint.get()).orElseThrow(() -> StoreCredentials.configuration(node,
                    "needs Elasticsearch's endpoint as a URL like http://localhost:9200, not " + endpoint.get()));
            return new ElasticsearchConnection(server, API_KEY.find(node, runtime)
                    .map(key -> Map.of("Authorization", "ApiKey " + key)).orElse(Map.of()));
        }
        String cloudId = CLOUD_ID.find(node, runtime).orElseThrow(() -> StoreCredentials.configuration(node, "needs "
                + "Elasticsearch's address: set endpoint (and apiKey) in the elasticsearchApi credential, cloudId (and username "
                + "and password) in the elasticSearchUserPassword credential, or ELASTICSEARCH_URL"));
        URI server = StoreCredentials.url(cloudId).or(() -> cloud(cloudId)).orElseThrow(() -> StoreCredentials.configuration(node,
                "needs cloudId to be a URL or an Elastic Cloud id, not " + cloudId));
        String user = StoreCredentials.required(node, runtime, USERNAME, "a user name for Elasticsearch");
        String password = StoreCredentials.required(node, runtime, PASSWORD, "a password for Elasticsearch");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new ElasticsearchConnection(server, Map.of("Authorization", "Basic " + basic));
    }

    /** An Elastic Cloud id, {@code name:base64("host$es-id$kibana-id")}: the deployment's {@code https://es-id.host}. */
    private static Optional<URI> cloud(String id) {
        try {
            String[] parts = new String(Base64.getDecoder().decode(id.substring(id.indexOf(':') + 1)), StandardCharsets.UTF_8).split("\\$");
            if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) return Optional.empty();
            String host = parts[0].contains(":") ? parts[0] : parts[0] + ":443";
            return StoreCredentials.url("https://" + parts[1] + "." + host);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
