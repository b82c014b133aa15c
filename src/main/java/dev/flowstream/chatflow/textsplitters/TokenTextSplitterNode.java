package dev.flowstream.chatflow.textsplitters;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.TextSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flowise's {@code tokenTextSplitter}, as LangChain's {@code TokenTextSplitter} cuts: the text is
 * encoded with {@code encodingName} (default {@code gpt2}), then cut into runs of
 * {@code chunkSize} tokens (default 1000), each starting {@code chunkOverlap} tokens (default 200)
 * before the previous one ended, and each run decoded back to text (a character cut between two
 * tokens comes out as U+FFFD, as in LangChain). A text holding a special token
 * ({@code <|endoftext|>}) is refused, as LangChain refuses it by default.
 *
 * <p>Threading: immutable; jtokkit's encodings are thread-safe.
 */
record TokenTextSplitterNode(ExportNode node, Encoding encoding, int chunkSize, int chunkOverlap) implements TextSplitter {

    static final String NAME = "tokenTextSplitter";
    /** tiktoken's {@code gpt2} is {@code r50k_base}: the same ranks, pattern and special token. */
    private static final Map<String, EncodingType> ENCODINGS = Map.of("gpt2", EncodingType.R50K_BASE,
            "r50k_base", EncodingType.R50K_BASE, "p50k_base", EncodingType.P50K_BASE, "p50k_edit", EncodingType.P50K_EDIT,
            "cl100k_base", EncodingType.CL100K_BASE);

    static TokenTextSplitterNode load(ExportNode node) {
        NodeInputs in = node.inputs();
        String name = in.text("encodingName").map(String::trim).orElse("gpt2");
        EncodingType type = ENCODINGS.get(name);
        if (type == null) {
            throw node.failure("input encodingName must be one of gpt2, r50k_base, p50k_base, p50k_edit, cl100k_base, not " + name);
        }
        int size = in.integer("chunkSize").orElse(1000);
        int overlap = in.integer("chunkOverlap").orElse(200);
        if (size < 1) throw node.failure("input chunkSize must be at least 1");
        if (overlap < 0 || overlap >= size) throw node.failure("input chunkOverlap must be at least 0 and less than chunkSize");
        return new TokenTextSplitterNode(node, Registry.ENCODINGS.getEncoding(type), size, overlap);
    }

    @Override
    public List<String> split(String text) {
        IntArrayList tokens;
        try {
            tokens = encoding.encode(text);
        } catch (UnsupportedOperationException e) {
            throw node.failure("cannot cut a text that holds a special token such as <|endoftext|>");
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < tokens.size()) {
            if (start > 0) start -= chunkOverlap;
            int end = Math.min(start + chunkSize, tokens.size());
            IntArrayList run = new IntArrayList(end - start);
            for (int i = start; i < end; i++) run.add(tokens.get(i));
            String chunk = encoding.decode(run);
            if (!chunk.isBlank()) chunks.add(chunk);
            start = end;
        }
        return chunks;
    }

    /** Reads an encoding's ranks when a splitter first needs it (a second or so each). */
    private static final class Registry {
        static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();
    }
}
