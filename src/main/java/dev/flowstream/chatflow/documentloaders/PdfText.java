package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.streaming.SourceDocument;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a PDF with Apache PDFBox, one document per page that has text (metadata
 * {@code source}, {@code pdf: {info, totalPages}}, {@code loc: {pageNumber}}, as LangChain's
 * {@code PDFLoader} gives them) or one per file (the pages joined by a blank line, no {@code loc}).
 * {@code pdf.info} holds the PDF's version as {@code PDFFormatVersion} and its information
 * dictionary (Title, Author, CreationDate, ...) as written. Bounded: {@value #MAX_PAGES} pages,
 * {@value #MAX_TEXT_CHARS} characters, and what its compressed streams expand to ({@link PdfStreams}).
 *
 * <p>Threading: stateless; each call opens and closes its own document.
 */
final class PdfText {

    static final int MAX_PAGES = 5_000;
    static final int MAX_TEXT_CHARS = 20_000_000;

    /** Flowise's {@code usage} input: one document per page (its default) or per file. */
    enum Usage { PER_PAGE, PER_FILE }

    private PdfText() {
    }

    static List<SourceDocument> documents(ExportNode node, LoaderFile file, Usage usage) {
        PdfStreams.check(node, file);
        try (PDDocument pdf = Loader.loadPDF(file.bytes())) {
            int pages = pdf.getNumberOfPages();
            if (pages > MAX_PAGES) throw file.failure(node, "has " + pages + " pages, more than the " + MAX_PAGES + " Flowstream reads");
            Map<String, Object> about = Map.of("info", info(pdf), "totalPages", pages);
            List<String> texts = pageTexts(node, file, pdf);
            List<SourceDocument> documents = new ArrayList<>();
            if (usage == Usage.PER_FILE) {
                String joined = String.join("\n\n", texts.stream().filter(text -> !text.isEmpty()).toList());
                if (!joined.isEmpty()) documents.add(new SourceDocument(joined, Map.of("source", file.name(), "pdf", about)));
                return documents;
            }
            for (int page = 1; page <= texts.size(); page++) {
                if (texts.get(page - 1).isEmpty()) continue; // as LangChain: a page without text makes no document
                documents.add(new SourceDocument(texts.get(page - 1), Map.of("source", file.name(), "pdf", about,
                        "loc", Map.of("pageNumber", page))));
            }
            return documents;
        } catch (FlowLoadException e) {
            throw e;
        } catch (InvalidPasswordException e) {
            throw file.failure(node, "is protected by a password");
        } catch (IOException | RuntimeException e) { // PDFBox throws both on a damaged file
            throw file.failure(node, "is not a PDF Flowstream can read (" + e.getMessage() + ")");
        }
    }

    private static List<String> pageTexts(ExportNode node, LoaderFile file, PDDocument pdf) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setLineSeparator("\n");
        List<String> texts = new ArrayList<>();
        long total = 0;
        for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            String text = stripper.getText(pdf).strip();
            total += text.length();
            if (total > MAX_TEXT_CHARS) throw file.failure(node, "holds more than " + MAX_TEXT_CHARS + " characters of text");
            texts.add(text);
        }
        return texts;
    }

    private static Map<String, Object> info(PDDocument pdf) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("PDFFormatVersion", String.valueOf(pdf.getVersion()));
        COSDictionary dictionary = pdf.getDocumentInformation().getCOSObject();
        for (COSName key : dictionary.keySet()) {
            if (dictionary.getDictionaryObject(key) instanceof COSString text) info.put(key.getName(), text.getString());
        }
        return info;
    }
}
