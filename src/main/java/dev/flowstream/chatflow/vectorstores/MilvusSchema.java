package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collections of the {@code milvus} node in Milvus's RESTful API v2 shape: the one it creates,
 * with LangChain's field names (an auto Int64 primary key, a float vector with an L2 AUTOINDEX, the
 * text as VarChar, dynamic fields for the metadata), and what it reads of an existing one's
 * description. Stateless.
 */
final class MilvusSchema {

    private static final int MAX_TEXT = 65_535;

    private MilvusSchema() {
    }

    static Map<String, Object> create(String collection, String textField, int dimension) {
        List<Map<String, Object>> fields = List.of(
                Map.of("fieldName", "langchain_primaryid", "dataType", "Int64", "isPrimary", true),
                Map.of("fieldName", "langchain_vector", "dataType", "FloatVector", "elementTypeParams", Map.of("dim", dimension)),
                Map.of("fieldName", textField, "dataType", "VarChar", "elementTypeParams", Map.of("max_length", MAX_TEXT)));
        Map<String, Object> schema = Map.of("autoId", true, "enableDynamicField", true, "fields", fields);
        Map<String, Object> index = Map.of("fieldName", "langchain_vector", "indexName", "langchain_vector",
                "metricType", "L2", "indexType", "AUTOINDEX");
        return Map.of("collectionName", collection, "schema", schema, "indexParams", List.of(index));
    }

    /** The name of the collection's first field of {@code type}. */
    static Optional<String> field(JsonNode described, String type) {
        for (JsonNode field : described.path("fields")) if (field.path("type").asText().equals(type)) return Optional.of(field.path("name").asText());
        return Optional.empty();
    }

    /** The length of the collection's float vectors, from its description's {@code dim} parameter. */
    static Optional<Integer> dimension(JsonNode described) {
        for (JsonNode field : described.path("fields")) {
            if (!field.path("type").asText().equals("FloatVector")) continue;
            for (JsonNode param : field.path("params")) {
                if (param.path("key").asText().equals("dim")) return Optional.of(param.path("value").asInt());
            }
        }
        return Optional.empty();
    }
}
