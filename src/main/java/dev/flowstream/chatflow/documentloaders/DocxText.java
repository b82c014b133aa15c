package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The paragraphs of a Word file (.docx), read straight from its zip ({@code word/document.xml})
 * with the JDK's zip and StAX parsers rather than Apache POI, whose jars would weigh more than the
 * rest of the server. A paragraph's text is its runs' text, tabs as {@code \t}, line breaks as
 * {@code \n}. Bounded: the XML may expand to {@value #MAX_XML_MB} MB, the entries before it to
 * {@value #MAX_XML_MB} MB more, the zip may hold {@value #MAX_ENTRIES} entries; the XML may not
 * declare a DTD (no entities, external or internal, are ever expanded).
 *
 * <p>Threading: stateless; each call uses its own parser.
 */
final class DocxText {

    static final int MAX_XML_MB = 64;
    static final int MAX_ENTRIES = 10_000;
    private static final String BODY = "word/document.xml";
    /** WordprocessingML's namespace, transitional and strict. */
    private static final Set<String> WORD = Set.of("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main");
    private static final long MAX_BYTES = MAX_XML_MB * 1024L * 1024L;

    private DocxText() {
    }

    static List<String> paragraphs(ExportNode node, LoaderFile file) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file.bytes()))) {
            long skipped = 0;
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES) throw file.failure(node, "holds more than " + MAX_ENTRIES + " zip entries");
                if (entry.getName().equals(BODY)) return paragraphs(node, file, new Bounded(zip, MAX_BYTES));
                skipped += new Bounded(zip, MAX_BYTES - skipped).transferTo(OutputStream.nullOutputStream());
            }
            throw file.failure(node, "is not a Word file (.docx): it has no " + BODY + " (Word 97-2003 .doc files cannot be read)");
        } catch (Bounded.TooLarge e) {
            throw file.failure(node, "expands past " + MAX_XML_MB + " MB when unzipped");
        } catch (IOException e) {
            throw file.failure(node, "is not a Word file (.docx) Flowstream can read (" + e.getMessage() + ")");
        }
    }

    private static List<String> paragraphs(ExportNode node, LoaderFile file, InputStream body) throws IOException {
        List<String> paragraphs = new ArrayList<>();
        Deque<StringBuilder> open = new ArrayDeque<>(); // a text box's paragraphs sit inside another paragraph
        int runs = 0;
        try {
            XMLStreamReader xml = hardened().createXMLStreamReader(body);
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) throw file.failure(node, "declares a DTD in " + BODY + ", which Word never writes");
                boolean word = (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT)
                        && WORD.contains(xml.getNamespaceURI());
                if (!word) continue;
                String name = xml.getLocalName();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    if (name.equals("p") && !open.isEmpty()) paragraphs.add(open.pop().toString());
                    else if (name.equals("r")) runs--;
                    continue;
                }
                switch (name) {
                    case "p" -> open.push(new StringBuilder());
                    case "r" -> runs++;
                    case "t" -> { if (!open.isEmpty()) open.peek().append(xml.getElementText()); }
                    case "tab" -> { if (runs > 0 && !open.isEmpty()) open.peek().append('\t'); }
                    case "br", "cr" -> { if (runs > 0 && !open.isEmpty()) open.peek().append('\n'); }
                    default -> { }
                }
            }
        } catch (XMLStreamException e) {
            if (e.getNestedException() instanceof IOException io) throw io;
            if (e.getCause() instanceof IOException io) throw io;
            throw file.failure(node, "holds a " + BODY + " that is not well-formed XML");
        }
        return paragraphs;
    }

    /** The JDK's own StAX parser (not whichever one a container offers), with DTDs and external entities off. */
    private static XMLInputFactory hardened() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    /** Reads at most {@code limit} bytes of a zip entry, then fails: an entry's declared size cannot be trusted. */
    private static final class Bounded extends FilterInputStream {

        static final class TooLarge extends IOException {
            TooLarge() {
                super("too large");
            }
        }

        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (left -= n) < 0) throw new TooLarge();
            return n;
        }

        @Override
        public void close() {
            // the zip stays open for its next entry
        }
    }
}
