package dev.flowstream.chatflow.vectorstores;

import java.util.List;
import java.util.Map;

/**
 * The collection the {@code milvus} node creates, in Milvus's RESTful API v2 shape and LangChain's
 * field names: an auto Int64 primary key, a float vector with an L2 AUTOINDEX, the text as
 * VarChar, and dynamic fields for the metadata. Stateless.
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
}
