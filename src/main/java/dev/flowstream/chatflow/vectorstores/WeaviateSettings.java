package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The {@code weaviate} node's inputs, checked when the flow loads: where Weaviate is
 * ({@code weaviateHost}; https for {@code weaviateConnectionType} {@code cloud}, the default, http
 * for {@code local}, and for {@code custom} as {@code weaviateHttpSecure} says; Flowise 1's
 * {@code weaviateScheme} wins when set; the gRPC inputs are not used: Flowstream speaks REST and
 * GraphQL), the class ({@code weaviateIndex}, first letter capitalised as Weaviate does),
 * {@code weaviateTextKey} ({@code text}), {@code weaviateMetadataKeys} (a JSON list),
 * {@code weaviateFilter} (a {@code where} filter, or {@code {"where": ...}}), {@code alpha} (hybrid
 * search when set), {@code topK}, and {@code searchType} {@code mmr} with {@code fetchK} and
 * {@code lambda} as Flowise offers them ({@link StoreSearch}). A blank host or class fails the
 * request that needs it.
 *
 * @param metadataKeys empty: every property of the class
 */
record WeaviateSettings(Optional<URI> server, Optional<String> className, String textKey, List<String> metadataKeys,
                        Optional<JsonNode> where, OptionalDouble alpha, StoreSearch search) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    static WeaviateSettings of(ExportNode node) {
        String scheme = node.inputs().text("weaviateScheme").map(String::trim).orElseGet(() -> scheme(node));
        if (!scheme.equals("http") && !scheme.equals("https")) throw node.failure("input weaviateScheme must be http or https, not " + scheme);
        Optional<URI> server = node.inputs().text("weaviateHost").map(String::trim).map(host -> StoreCredentials.url(
                host.contains("://") ? host : scheme + "://" + host).orElseThrow(() -> node.failure(
                "input weaviateHost must be a host like localhost:8080, not " + host)));
        Optional<String> className = node.inputs().text("weaviateIndex").map(String::trim).map(name -> {
            if (!NAME.matcher(name).matches()) throw node.failure("input weaviateIndex must be a class name of letters, digits and _, not " + name);
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        });
        String textKey = node.inputs().text("weaviateTextKey").map(String::trim).orElse("text");
        if (!NAME.matcher(textKey).matches()) throw node.failure("input weaviateTextKey must be a property name, not " + textKey);
        List<String> keys = new ArrayList<>();
        node.inputs().json("weaviateMetadataKeys").ifPresent(list -> {
            if (!list.isArray()) throw node.failure("input weaviateMetadataKeys must be a JSON list of property names");
            list.forEach(key -> {
                if (!key.isTextual() || !NAME.matcher(key.asText()).matches()) {
                    throw node.failure("input weaviateMetadataKeys must be a JSON list of property names, not " + list);
                }
                keys.add(key.asText());
            });
        });
        Optional<JsonNode> filter = node.inputs().json("weaviateFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input weaviateFilter must be a JSON object");
        Optional<JsonNode> where = filter.map(value -> value.has("where") ? value.get("where") : value);
        OptionalDouble alpha = node.inputs().number("alpha").map(OptionalDouble::of).orElse(OptionalDouble.empty());
        if (alpha.isPresent() && (alpha.getAsDouble() < 0 || alpha.getAsDouble() > 1)) throw node.failure("input alpha must be between 0 and 1");
        return new WeaviateSettings(server, className, textKey, List.copyOf(keys), where, alpha, StoreSearch.of(node));
    }

    private static String scheme(ExportNode node) {
        String type = node.inputs().text("weaviateConnectionType").map(String::trim).orElse("cloud");
        return switch (type) {
            case "cloud" -> "https";
            case "local" -> "http";
            case "custom" -> node.inputs().flag("weaviateHttpSecure", true) ? "https" : "http";
            default -> throw node.failure("input weaviateConnectionType must be cloud, local or custom, not " + type);
        };
    }
}
