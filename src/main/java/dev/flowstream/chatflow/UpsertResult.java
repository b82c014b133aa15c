package dev.flowstream.chatflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an upsert did, in Flowise's answer's fields: documents added to, deleted from, updated in
 * and skipped by the flow's vector stores, the keys their record managers hold afterwards (only
 * when a store has one, as Flowise answers {@code totalKeys}), and the documents added. Immutable.
 */
@JsonPropertyOrder({"numAdded", "numDeleted", "numUpdated", "numSkipped", "totalKeys", "addedDocs"})
public record UpsertResult(int numAdded, int numDeleted, int numUpdated, int numSkipped, List<SourceDocument> addedDocs,
                           @JsonIgnore Optional<Integer> totalKeys) {

    public UpsertResult {
        addedDocs = List.copyOf(addedDocs);
    }

    /** A store's result without a record manager. */
    public UpsertResult(int numAdded, int numDeleted, int numUpdated, int numSkipped, List<SourceDocument> addedDocs) {
        this(numAdded, numDeleted, numUpdated, numSkipped, addedDocs, Optional.empty());
    }

    /** {@code documents} all added. */
    public static UpsertResult added(List<SourceDocument> documents) {
        return new UpsertResult(documents.size(), 0, 0, 0, documents);
    }

    /** {@link #totalKeys} as the answer writes it: left out when no store has a record manager. */
    @JsonProperty("totalKeys")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Integer totalKeysInAnswer() {
        return totalKeys.orElse(null);
    }

    /** The results of several stores as one. */
    public static UpsertResult sum(List<UpsertResult> results) {
        int added = 0, deleted = 0, updated = 0, skipped = 0;
        Optional<Integer> keys = Optional.empty();
        List<SourceDocument> documents = new ArrayList<>();
        for (UpsertResult result : results) {
            added += result.numAdded();
            deleted += result.numDeleted();
            updated += result.numUpdated();
            skipped += result.numSkipped();
            if (result.totalKeys().isPresent()) keys = Optional.of(keys.orElse(0) + result.totalKeys().get());
            documents.addAll(result.addedDocs());
        }
        return new UpsertResult(added, deleted, updated, skipped, documents, keys);
    }
}
