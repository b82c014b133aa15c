package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;

import java.util.Map;

/**
 * The {@code retrieval-qa-plain-text} export (three passages: otters, the Eiffel Tower, honey, in a
 * memoryVectorStore) with one retriever node put between the store and the retrievalQAChain, the
 * way the Flowise canvas connects it: the chain's sources are the documents the retriever returns.
 */
final class RetrieverFlows {

    static final String OTTERS = "Otters hold hands while they sleep so that they do not drift apart.";
    static final String EIFFEL = "The Eiffel Tower grows about fifteen centimetres taller in summer heat.";
    static final String HONEY = "Honey never spoils: jars found in Egyptian tombs were still edible.";

    private RetrieverFlows() {
    }

    /** The export with {@code <type>_0} (its inputs as given) as the chain's retriever, the store searching {@code topK}. */
    static ObjectNode withRetriever(String type, Map<String, Object> inputs, int topK, String embeddingsUrl) {
        ObjectNode export = FlowFixture.export("retrieval-qa-plain-text");
        ConfigDirs.withInputs(export, "openAIEmbeddings_0", Map.of("basepath", embeddingsUrl));
        ConfigDirs.withInputs(export, "memoryVectorStore_0", Map.of("topK", topK));
        String id = type + "_0";
        ObjectNode data = export.withArray("nodes").addObject().put("id", id).put("type", "customNode")
                .putObject("data").put("id", id).put("name", type).put("label", type);
        data.putObject("inputs");
        ConfigDirs.withInputs(export, id, inputs);
        ConfigDirs.withInputs(export, "retrievalQAChain_0", Map.of("vectorStoreRetriever", "{{" + id + ".data.instance}}"));
        export.withArray("edges").forEach(edge -> {
            if (edge.path("source").asText().equals("memoryVectorStore_0")) ((ObjectNode) edge).put("target", id);
        });
        export.withArray("edges").addObject().put("source", id).put("target", "retrievalQAChain_0").put("id", id + "-chain");
        return export;
    }
}
