package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.flowstream.chatflow.documentloaders.LoaderFixture.upload;
import static dev.flowstream.testing.TestFiles.paragraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flowise's Word loaders, docxFile and microsoftWord, on .docx files zipped in the test. */
class WordFileNodeTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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
    void docx_file_makes_one_document_of_the_paragraphs_each_followed_by_a_blank_line() {
        byte[] word = TestFiles.docx(paragraph("Sea otters"), "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                + "<w:r><w:t>hold</w:t><w:tab/><w:t>hands</w:t><w:br/><w:t>asleep.</w:t></w:r></w:p>");

        List<SourceDocument> documents = fixture.documents("docxFile", Map.of("docxFile", upload("otters.docx", DOCX, word)));

        assertEquals(List.of(new SourceDocument("Sea otters\n\nhold\thands\nasleep.\n\n", Map.of("source", "otters.docx"))), documents);
    }

    @Test
    void microsoft_word_cuts_the_text_into_the_sections_flowise_guesses_with_their_numbers() {
        byte[] word = TestFiles.docx(paragraph("Introduction to otters"), paragraph("1. Habitat of the sea otter"),
                paragraph("Kelp forests along the coast."), paragraph("2. Diet of the sea otter"), paragraph("Urchins and clams."));

        List<SourceDocument> documents = fixture.documents("microsoftWord", Map.of("docxFile", upload("otters.docx", DOCX, word),
                "metadata", Map.of("documentType", "report", "team", "marine")));

        assertEquals(List.of(
                new SourceDocument("Introduction to otters", Map.of("documentType", "word", "pageNumber", 1, "source", "otters.docx", "team", "marine")),
                new SourceDocument("Habitat of the sea otter\nKelp forests along the coast.",
                        Map.of("documentType", "word", "pageNumber", 2, "source", "otters.docx", "team", "marine")),
                new SourceDocument("Diet of the sea otter\nUrchins and clams.",
                        Map.of("documentType", "word", "pageNumber", 3, "source", "otters.docx", "team", "marine"))), documents);
    }

    @Test
    void a_file_that_is_not_a_docx_zip_fails_the_load_naming_it() {
        FlowLoadException failure = assertThrows(FlowLoadException.class, () -> fixture.documents("docxFile",
                Map.of("docxFile", upload("old.doc", "application/msword", "\u00d0\u00cf\u0011\u00e0 not a zip".getBytes(StandardCharsets.ISO_8859_1)))));

        assertEquals("node docxFile_0 (docxFile) input docxFile: uploaded file old.doc is not a Word file (.docx): it has no "
                + "word/document.xml (Word 97-2003 .doc files cannot be read)", failure.getMessage());
    }

    @Test
    void a_docx_whose_body_unzips_past_the_bound_is_refused_without_being_read_whole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<w:document xmlns:w=\"" + TestFiles.WORD_NAMESPACE + "\"><w:body><w:p><w:r><w:t>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[1024 * 1024];
            java.util.Arrays.fill(filler, (byte) 'a');
            for (int i = 0; i <= DocxText.MAX_XML_MB; i++) zip.write(filler);
            zip.closeEntry();
        }

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("docxFile", Map.of("docxFile", upload("bomb.docx", DOCX, bytes.toByteArray()))));

        assertEquals("node docxFile_0 (docxFile) input docxFile: uploaded file bomb.docx expands past " + DocxText.MAX_XML_MB
                + " MB when unzipped", failure.getMessage());
    }

    @Test
    void a_docx_declaring_entities_is_refused_and_no_entity_is_expanded() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY secret SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"" + TestFiles.WORD_NAMESPACE
                + "\"><w:body><w:p><w:r><w:t>&lol2;&secret;</w:t></w:r></w:p></w:body></w:document>";
        byte[] word = TestFiles.zip(Map.of("word/document.xml", laughs));

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("docxFile", Map.of("docxFile", upload("laughs.docx", DOCX, word))));

        assertEquals("node docxFile_0 (docxFile) input docxFile: uploaded file laughs.docx declares a DTD in word/document.xml, "
                + "which Word never writes", failure.getMessage());
    }

    @Test
    void a_docx_whose_xml_is_broken_fails_the_load_naming_the_file() {
        byte[] word = TestFiles.zip(Map.of("word/document.xml", "<w:document xmlns:w=\"" + TestFiles.WORD_NAMESPACE + "\"><w:body><w:p>"));

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("docxFile", Map.of("docxFile", upload("broken.docx", DOCX, word))));

        assertEquals("node docxFile_0 (docxFile) input docxFile: uploaded file broken.docx holds a word/document.xml that is not "
                + "well-formed XML", failure.getMessage());
    }
}
