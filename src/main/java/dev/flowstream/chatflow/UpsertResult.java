package dev.flowstream.chatflow;

import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * What an upsert did, in Flowise's answer's fields: documents added to, deleted from, updated in
 * and skipped by the flow's vector stores, and the documents added. Immutable.
 */
public record UpsertResult(int numAdded, int numDeleted, int numUpdated, int numSkipped, List<SourceDocument> addedDocs) {

    public UpsertResult {
        addedDocs = List.copyOf(addedDocs);
    }

    /** {@code documents} all added. */
    public static UpsertResult added(List<SourceDocument> documents) {
        return new UpsertResult(documents.size(), 0, 0, 0, documents);
    }

    /** The results of several stores as one. */
    public static UpsertResult sum(List<UpsertResult> results) {
        int added = 0, deleted = 0, updated = 0, skipped = 0;
        List<SourceDocument> documents = new ArrayList<>();
        for (UpsertResult result : results) {
            added += result.numAdded();
            deleted += result.numDeleted();
            updated += result.numUpdated();
            skipped += result.numSkipped();
            documents.addAll(result.addedDocs());
        }
        return new UpsertResult(added, deleted, updated, skipped, documents);
    }
}
