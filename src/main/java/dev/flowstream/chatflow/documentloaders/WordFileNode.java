package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.documentloaders.FileDocumentLoader.FileKind;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flowise's two Word loaders, both reading the .docx files of their {@code docxFile} input
 * ({@link DocxText}): {@code docxFile} makes one document per file, each paragraph followed by a
 * blank line (as LangChain's {@code DocxLoader}); {@code microsoftWord} cuts the text into sections
 * the way Flowise's {@code WordLoader} guesses them (numbered pages, sections or chapters, numbered
 * headings, capitalised headings, rules of underscores or dashes, else runs of blank lines), one
 * document per section with {@code documentType: word} and {@code pageNumber} (the section's).
 *
 * <p>Threading: stateless.
 */
final class WordFileNode {

    static final String DOCX = "docxFile";
    static final String MICROSOFT_WORD = "microsoftWord";
    private static final String FILE = "docxFile";
    private static final List<Pattern> SECTION_BREAKS = List.of(Pattern.compile("\\n\\s*Page\\s+\\d+", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\n\\s*Section\\s+\\d+", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\n\\s*Chapter\\s+\\d+", Pattern.CASE_INSENSITIVE), Pattern.compile("\\n\\s*\\d+\\.\\s+"),
            Pattern.compile("\\n\\s*[A-Z][A-Z\\s]{2,}\\n"), Pattern.compile("\\n\\s*_{5,}"), Pattern.compile("\\n\\s*-{5,}"));
    private static final Pattern FOUR_NEWLINES = Pattern.compile("\\n\\s*\\n\\s*\\n\\s*\\n");
    private static final Pattern THREE_NEWLINES = Pattern.compile("\\n\\s*\\n\\s*\\n");

    private WordFileNode() {
    }

    static FileDocumentLoader load(ExportNode node, Wiring wiring) {
        boolean sections = node.name().equals(MICROSOFT_WORD);
        return FileDocumentLoader.load(node, wiring, new FileKind(Set.of(FILE), Set.of(FILE, "metadata"),
                sections ? WordFileNode::sections : WordFileNode::whole, sections ? MetadataRule.FILE_WINS : MetadataRule.INPUT_WINS));
    }

    private static List<SourceDocument> whole(ExportNode node, Path configDir) {
        return FileInputs.read(node, FILE, configDir).stream().map(file -> whole(node, file)).toList();
    }

    /** One document of the whole file, each paragraph followed by a blank line. */
    static SourceDocument whole(ExportNode node, LoaderFile file) {
        StringBuilder text = new StringBuilder();
        DocxText.paragraphs(node, file).forEach(paragraph -> text.append(paragraph).append("\n\n"));
        return new SourceDocument(text.toString(), Map.of("source", file.name()));
    }

    private static List<SourceDocument> sections(ExportNode node, Path configDir) {
        List<SourceDocument> documents = new ArrayList<>();
        for (LoaderFile file : FileInputs.read(node, FILE, configDir)) {
            String text = String.join("\n", DocxText.paragraphs(node, file).stream().filter(p -> !p.isEmpty()).toList());
            if (text.isBlank()) continue;
            List<String> sections = split(text);
            for (int i = 0; i < sections.size(); i++) {
                documents.add(new SourceDocument(sections.get(i).trim(),
                        Map.of("documentType", "word", "pageNumber", i + 1, "source", file.name())));
            }
        }
        return documents;
    }

    /** Flowise's guess at a Word file's sections, rule for rule. */
    static List<String> split(String text) {
        List<String> sections = List.of();
        for (Pattern pattern : SECTION_BREAKS) {
            String[] parts = pattern.split(text, -1);
            if (parts.length > 1 && parts.length < 50) {
                sections = Arrays.asList(parts);
                break;
            }
        }
        if (sections.isEmpty()) sections = Arrays.asList(FOUR_NEWLINES.split(text, -1));
        if (sections.stream().allMatch(section -> section.trim().length() < 20)) sections = Arrays.asList(THREE_NEWLINES.split(text, -1));
        if (sections.stream().allMatch(section -> section.trim().length() < 10)) sections = List.of(text);
        return sections.stream().filter(section -> !section.isBlank()).toList();
    }
}
