package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An upsert through a record manager, as Flowise runs LangChain's {@code index()}: documents go in
 * batches of 100, each keyed by its {@link HashedDocument} uid (duplicates within a batch once);
 * uids already recorded are skipped, the others added to the store under their uids; all are
 * recorded with the time and their source. Then, by the manager's cleanup: {@code incremental}
 * deletes, after each batch, the uids recorded before this upsert began for the sources the batch
 * has; {@code full} deletes, at the end, every uid recorded before this upsert began. Deleted uids
 * leave the store and the records. Records live in {@link #namespace}: the manager's namespace and
 * the store's name, so stores of one flow never see each other's records. The answer counts, as
 * Flowise's, the keys the namespace holds afterwards ({@code totalKeys}). Stateless.
 */
public final class Indexing {

    private static final int BATCH = 100;
    private static final int CLEANUP_BATCH = 1000;

    private Indexing() {
    }

    /** Flowise's namespace of a store's records: the manager's namespace, {@code _}, the store's name. */
    public static String namespace(RecordManager records, KeyedStore store) {
        return records.namespace() + "_" + store.storeName();
    }

    /**
     * @param node the store's node, for messages
     * @throws ChatflowException naming the node when a document has no source under incremental cleanup
     */
    public static UpsertResult index(List<SourceDocument> documents, RecordManager records, KeyedStore store, ExportNode node) {
        String namespace = namespace(records, store);
        records.createSchema();
        double start = records.time();
        int added = 0, deleted = 0, skipped = 0;
        List<SourceDocument> addedDocs = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<HashedDocument> batch = unique(documents.subList(from, Math.min(documents.size(), from + BATCH)), node);
            List<String> uids = batch.stream().map(HashedDocument::uid).toList();
            List<Optional<String>> sources = batch.stream()
                    .map(hashed -> HashedDocument.text(hashed.document().metadata(), records.sourceIdKey())).toList();
            if (records.cleanup() == RecordManager.Cleanup.INCREMENTAL) requireSources(sources, records, node);
            List<Boolean> exists = records.exists(namespace, uids);
            List<String> newUids = new ArrayList<>();
            List<SourceDocument> newDocs = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (exists.get(i)) continue;
                newUids.add(uids.get(i));
                newDocs.add(batch.get(i).document());
            }
            skipped += batch.size() - newDocs.size();
            if (!newDocs.isEmpty()) store.add(newDocs, newUids);
            added += newDocs.size();
            addedDocs.addAll(newDocs);
            records.update(namespace, uids, sources,
                    batch.stream().map(hashed -> HashedDocument.text(hashed.document().metadata(), "docId")).toList(), start);
            if (records.cleanup() == RecordManager.Cleanup.INCREMENTAL) {
                List<String> groups = sources.stream().map(Optional::orElseThrow).distinct().toList();
                deleted += delete(records.listKeys(namespace, start, Optional.of(groups), OptionalInt.empty()), records, store, namespace);
            }
        }
        if (records.cleanup() == RecordManager.Cleanup.FULL) {
            for (List<String> stale; !(stale = records.listKeys(namespace, start, Optional.empty(), OptionalInt.of(CLEANUP_BATCH))).isEmpty(); ) {
                deleted += delete(stale, records, store, namespace);
            }
        }
        return new UpsertResult(added, deleted, 0, skipped, addedDocs, Optional.of(records.countKeys(namespace)));
    }

    private static int delete(List<String> uids, RecordManager records, KeyedStore store, String namespace) {
        if (uids.isEmpty()) return 0;
        store.delete(uids);
        records.deleteKeys(namespace, uids);
        return uids.size();
    }

    private static List<HashedDocument> unique(List<SourceDocument> documents, ExportNode node) {
        Map<String, HashedDocument> byUid = new LinkedHashMap<>();
        for (SourceDocument document : documents) {
            try {
                HashedDocument hashed = HashedDocument.of(document);
                byUid.putIfAbsent(hashed.uid(), hashed);
            } catch (IllegalArgumentException e) {
                throw new ChatflowException(ChatflowException.Kind.INPUT, who(node) + ": " + e.getMessage());
            }
        }
        return List.copyOf(byUid.values());
    }

    private static void requireSources(List<Optional<String>> sources, RecordManager records, ExportNode node) {
        if (sources.stream().anyMatch(Optional::isEmpty)) {
            throw new ChatflowException(ChatflowException.Kind.INPUT, who(node) + ": a document has no " + records.sourceIdKey()
                    + " in its metadata, which cleanup incremental needs to tell its source (the record manager's sourceIdKey)");
        }
    }

    private static String who(ExportNode node) {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
