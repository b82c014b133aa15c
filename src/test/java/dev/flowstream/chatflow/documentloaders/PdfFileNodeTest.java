package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.TestFiles;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import static dev.flowstream.chatflow.documentloaders.LoaderFixture.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowise's pdfFile loader: a PDF's pages as documents, with the metadata LangChain's PDFLoader gives them. */
class PdfFileNodeTest {

    private static final byte[] REPORT = TestFiles.pdf("Otter report", "Sea otters hold hands.\nThey sleep afloat.", "",
            "Otters use stones as tools.");
    private static final Map<String, Object> ABOUT = Map.of("info", Map.of("PDFFormatVersion", "1.6", "Title", "Otter report"),
            "totalPages", 3);

    @TempDir
    Path configDir;
    private LoaderFixture fixture;

    private LoaderFixture fixture() {
        if (fixture == null) fixture = new LoaderFixture(configDir);
        return fixture;
    }

    @AfterEach
    void close() {
        if (fixture != null) fixture.close();
    }

    @Test
    void an_uploaded_pdf_gives_one_document_per_page_with_text_and_its_page_number() {
        List<SourceDocument> documents = fixture().documents("pdfFile", Map.of("pdfFile", upload("report.pdf", "application/pdf", REPORT)));

        assertEquals(List.of(
                new SourceDocument("Sea otters hold hands.\nThey sleep afloat.", Map.of("source", "report.pdf", "pdf", ABOUT,
                        "loc", Map.of("pageNumber", 1))),
                new SourceDocument("Otters use stones as tools.", Map.of("source", "report.pdf", "pdf", ABOUT,
                        "loc", Map.of("pageNumber", 3)))), documents);
    }

    @Test
    void per_file_usage_joins_the_pages_into_one_document_without_a_page_number() {
        List<SourceDocument> documents = fixture().documents("pdfFile", Map.of("usage", "perFile",
                "pdfFile", upload("report.pdf", "application/pdf", REPORT)));

        assertEquals(List.of(new SourceDocument("Sea otters hold hands.\nThey sleep afloat.\n\nOtters use stones as tools.",
                Map.of("source", "report.pdf", "pdf", ABOUT))), documents);
    }

    @Test
    void a_splitter_s_chunks_keep_their_page_s_metadata() {
        List<SourceDocument> documents = fixture().splitter(text -> Arrays.asList(text.split("\n")))
                .documents("pdfFile", Map.of("pdfFile", upload("report.pdf", "application/pdf", REPORT)));

        assertEquals(List.of("Sea otters hold hands.", "They sleep afloat.", "Otters use stones as tools."),
                documents.stream().map(SourceDocument::pageContent).toList());
        assertEquals(List.of(1, 1, 3), documents.stream().map(d -> ((Map<?, ?>) d.metadata().get("loc")).get("pageNumber")).toList());
    }

    @Test
    void metadata_is_added_and_omitted_keys_may_be_nested() {
        List<SourceDocument> documents = fixture().documents("pdfFile", Map.of("metadata", "{\"team\": \"marine\", \"source\": \"q3\"}",
                "omitMetadataKeys", "pdf, loc.pageNumber", "pdfFile", upload("report.pdf", "application/pdf", REPORT)));

        assertEquals(Map.of("source", "q3", "team", "marine", "loc", Map.of()), documents.get(0).metadata());
    }

    @Test
    void a_pdf_in_the_config_directory_is_read_by_its_path_and_a_missing_one_fails_the_load() throws Exception {
        Files.createDirectories(configDir.resolve("files"));
        Files.write(configDir.resolve("files/report.pdf"), REPORT);

        assertEquals(2, fixture().documents("pdfFile", Map.of("pdfFile", "files/report.pdf")).size());
        FlowLoadException missing = assertThrows(FlowLoadException.class,
                () -> fixture().documents("pdfFile", Map.of("pdfFile", "files/missing.pdf")));
        assertEquals("node pdfFile_0 (pdfFile) input pdfFile: no file files/missing.pdf in the config directory", missing.getMessage());
    }

    @Test
    void a_corrupt_pdf_fails_the_load_naming_the_node_and_the_file() {
        byte[] corrupt = Arrays.copyOf(REPORT, REPORT.length / 3);
        corrupt[0] = 'X';

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture().documents("pdfFile", Map.of("pdfFile", upload("scan.pdf", "application/pdf", corrupt))));

        assertTrue(failure.getMessage().startsWith("node pdfFile_0 (pdfFile) input pdfFile: uploaded file scan.pdf is not a PDF "
                + "Flowstream can read ("), failure.getMessage());
    }

    @Test
    void a_pdf_whose_compressed_stream_expands_past_the_bound_is_refused_before_it_is_parsed() {
        byte[] bomb = pdfWithStream(deflate(new byte[(PdfStreams.MAX_STREAM_MB + 1) * 1024 * 1024]));

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture().documents("pdfFile", Map.of("pdfFile", upload("bomb.pdf", "application/pdf", bomb))));

        assertEquals("node pdfFile_0 (pdfFile) input pdfFile: uploaded file bomb.pdf holds a compressed stream that expands past "
                + PdfStreams.MAX_STREAM_MB + " MB", failure.getMessage());
    }

    @Test
    void a_pdf_locked_with_a_password_is_refused_saying_so() throws Exception {
        byte[] locked;
        try (PDDocument pdf = Loader.loadPDF(REPORT); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            pdf.protect(new StandardProtectionPolicy("owner", "secret", new AccessPermission()));
            pdf.save(out);
            locked = out.toByteArray();
        }

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture().documents("pdfFile", Map.of("pdfFile", upload("locked.pdf", "application/pdf", locked))));

        assertEquals("node pdfFile_0 (pdfFile) input pdfFile: uploaded file locked.pdf is protected by a password", failure.getMessage());
    }

    @Test
    void a_pdf_with_more_pages_than_the_bound_is_refused() throws Exception {
        byte[] long_;
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i <= PdfText.MAX_PAGES; i++) pdf.addPage(new PDPage());
            pdf.save(out);
            long_ = out.toByteArray();
        }

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture().documents("pdfFile", Map.of("pdfFile", upload("long.pdf", "application/pdf", long_))));

        assertEquals("node pdfFile_0 (pdfFile) input pdfFile: uploaded file long.pdf has " + (PdfText.MAX_PAGES + 1)
                + " pages, more than the " + PdfText.MAX_PAGES + " Flowstream reads", failure.getMessage());
    }

    @Test
    void a_usage_flowise_does_not_have_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture().documents("pdfFile",
                Map.of("usage", "perChapter", "pdfFile", upload("report.pdf", "application/pdf", REPORT))));
        assertEquals("node pdfFile_0 (pdfFile) input usage must be perPage or perFile, not perChapter", failure.getMessage());
    }

    @Test
    void a_pdf_loader_left_without_a_file_loads_with_no_documents_until_an_upsert_brings_one() {
        assertEquals(List.of(), fixture().documents("pdfFile", Map.of("legacyBuild", true)));
        assertEquals(2, fixture().loader("pdfFile", Map.of()).documents(
                Map.of("pdfFile", upload("report.pdf", "application/pdf", REPORT))).size());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();
        return out.toByteArray();
    }

    /** A one-object PDF around a Flate stream: enough for the check, which runs before any parsing. */
    private static byte[] pdfWithStream(byte[] data) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.writeBytes(("%PDF-1.4\n1 0 obj\n<< /Length " + data.length + " /Filter /FlateDecode >>\nstream\n")
                .getBytes(StandardCharsets.US_ASCII));
        pdf.writeBytes(data);
        pdf.writeBytes("\nendstream\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        return pdf.toByteArray();
    }
}
