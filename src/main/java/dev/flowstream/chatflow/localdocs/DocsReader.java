package dev.flowstream.chatflow.localdocs;

import dev.flowstream.chatflow.support.TextFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local documents split into passages, each named by its file's path relative to the
 * documents directory ({@link TextFiles} says which files count). Stateless and thread-safe.
 */
final class DocsReader {

    private DocsReader() {
    }

    /** Every passage of every readable document under {@code root}, in file-name order. */
    static List<Passage> passages(Path root) throws IOException {
        List<Passage> passages = new ArrayList<>();
        for (Map.Entry<String, String> document : TextFiles.texts(root).entrySet()) {
            List<String> texts = PassageSplitter.split(document.getValue());
            for (int i = 0; i < texts.size(); i++) passages.add(new Passage(texts.get(i), document.getKey(), i));
        }
        return passages;
    }
}
