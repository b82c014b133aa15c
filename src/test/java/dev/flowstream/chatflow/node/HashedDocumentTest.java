package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Document uids as LangChain's indexing makes them. The expected values were computed by Node.js:
 * {@code JSON.stringify(metadata, Object.keys(metadata).sort())}, SHA-256 as hex, UUIDv5 in
 * LangChain's namespace {@code 10f90ea3-90a4-4962-bf75-83a0f3c1c62a}.
 */
class HashedDocumentTest {

    @Test
    void a_document_s_uid_is_the_one_langchain_gives_it() {
        Map<String, Object> metadata = Map.of("source", "honey.md", "loc", Map.of("lines", Map.of("from", 1, "to", 2)),
                "page", 3, "ratio", 0.25);

        assertEquals("7ae93803-4765-59a7-8cea-f850f88d4b7e", HashedDocument.of(new SourceDocument("Honey never spoils.", metadata)).uid());
    }

    @Test
    void unicode_escapes_and_nested_lists_hash_as_in_javascript() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("page", 1);
        nested.put("q", 2);
        Map<String, Object> metadata = Map.of("source", "a/b.txt", "note", "é\u0001\"\n", "tags", List.of("a", nested));

        assertEquals("153f73ca-7cb0-5db1-a1b0-4e671f25971f", HashedDocument.of(new SourceDocument("Ünïcödé ✓ text", metadata)).uid());
    }

    @Test
    void the_sorted_top_level_keys_filter_every_level_of_the_metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", "honey.md");
        metadata.put("loc", Map.of("lines", Map.of("from", 1), "source", "x"));
        metadata.put("page", 3);
        metadata.put("ratio", 0.25);
        metadata.put("tags", List.of("a", Map.of("page", 1, "q", 2)));
        metadata.put("note", "é\u0001\"\n");

        assertEquals("{\"loc\":{\"source\":\"x\"},\"note\":\"é\\u0001\\\"\\n\",\"page\":3,\"ratio\":0.25,\"source\":\"honey.md\","
                + "\"tags\":[\"a\",{\"page\":1}]}", JsJson.withKeys(metadata));
    }

    @Test
    void another_source_is_another_uid() {
        assertNotEquals(HashedDocument.of(new SourceDocument("Honey.", Map.of("source", "a.md"))).uid(),
                HashedDocument.of(new SourceDocument("Honey.", Map.of("source", "b.md"))).uid());
    }

    @Test
    void metadata_with_a_key_indexing_keeps_for_itself_is_refused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HashedDocument.of(new SourceDocument("Honey.", Map.of("hash_", "x"))));
        assertEquals("a document's metadata has the key hash_, which indexing keeps for itself", refused.getMessage());
    }
}
