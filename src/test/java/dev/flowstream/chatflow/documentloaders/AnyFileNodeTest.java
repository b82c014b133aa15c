package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flowstream.chatflow.documentloaders.LoaderFixture.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flowise's generic fileLoader: each file read by the loader its extension picks. */
class AnyFileNodeTest {

    @TempDir
    Path configDir;
    private LoaderFixture fixture;

    @BeforeEach
    void start() {
        fixture = new LoaderFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void each_file_is_read_by_the_loader_its_extension_picks_or_else_its_upload_s_type() {
        String files = "[\"" + upload("report.pdf", "application/pdf", TestFiles.pdf("Otters", "Otters hold hands.", "They float."))
                + "\",\"" + upload("animals.csv", "text/csv", text("name,diet\nOtter,urchins\nSeal,fish"))
                + "\",\"" + upload("facts.json", "application/json", text("{\"fact\": \"Kelp grows fast.\"}"))
                + "\",\"" + upload("notes.docx", "application/octet-stream", TestFiles.docx(TestFiles.paragraph("Otters use stones.")))
                + "\",\"" + upload("summary", "application/pdf", TestFiles.pdf("Summary", "Otters are mustelids."))
                + "\",\"" + upload("page.html", "text/html", text("<p>Otters</p>")) + "\"]";

        List<SourceDocument> documents = fixture.documents("fileLoader", Map.of("file", files, "usage", "perPage"));

        assertEquals(List.of("Otters hold hands.", "They float.", "name: Otter\ndiet: urchins", "name: Seal\ndiet: fish",
                "Kelp grows fast.", "Otters use stones.\n\n", "Otters are mustelids.", "<p>Otters</p>"),
                documents.stream().map(SourceDocument::pageContent).toList());
        assertEquals(List.of("report.pdf", "report.pdf", "animals.csv", "animals.csv", "facts.json", "notes.docx", "summary", "page.html"),
                documents.stream().map(d -> d.metadata().get("source")).toList());
        assertEquals(Map.of("pageNumber", 2), documents.get(1).metadata().get("loc"));
    }

    @Test
    void an_upsert_s_files_sent_to_the_other_loaders_inputs_replace_its_own() {
        DocumentLoader loader = fixture.loader("fileLoader", Map.of("file", upload("old.txt", "text/plain", text("old"))));

        List<SourceDocument> documents = loader.documents(Map.of(
                "txtFile", "[\"" + upload("new.txt", "text/plain", text("new")) + "\"]",
                "csvFile", "[\"" + upload("rows.csv", "text/csv", text("a\nb")) + "\"]"));

        assertEquals(List.of("new", "a: b"), documents.stream().map(SourceDocument::pageContent).toList());
        assertEquals(List.of("old"), loader.documents(Map.of()).stream().map(SourceDocument::pageContent).toList());
        assertEquals(Set.of("file", "txtFile", "pdfFile", "jsonFile", "csvFile", "jsonlinesFile", "docxFile"), loader.fileInputs());
    }

    @Test
    void spreadsheets_and_binary_files_fail_the_load_naming_the_file() {
        FlowLoadException sheet = assertThrows(FlowLoadException.class, () -> fixture.documents("fileLoader",
                Map.of("file", upload("sales.xlsx", "application/vnd.ms-excel", new byte[]{0x50, 0x4b}))));
        assertEquals("node fileLoader_0 (fileLoader) input file: uploaded file sales.xlsx is a .xlsx file, which Flowstream cannot read",
                sheet.getMessage());

        FlowLoadException binary = assertThrows(FlowLoadException.class, () -> fixture.documents("fileLoader",
                Map.of("file", upload("photo.png", "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G', (byte) 0xff}))));
        assertEquals("node fileLoader_0 (fileLoader) input file: uploaded file photo.png is not UTF-8 text", binary.getMessage());
    }

    @Test
    void a_json_lines_file_needs_the_pointer_name() {
        String lines = upload("facts.jsonl", "application/jsonl", text("{\"text\": \"Otters\"}"));

        assertEquals(List.of("Otters"), fixture.documents("fileLoader", Map.of("file", lines, "pointerName", "text")).stream()
                .map(SourceDocument::pageContent).toList());
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture.documents("fileLoader", Map.of("file", lines)));
        assertEquals("node fileLoader_0 (fileLoader) input file: uploaded file facts.jsonl is JSON Lines: the node needs the key of "
                + "each line's text in its pointerName input", failure.getMessage());
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
