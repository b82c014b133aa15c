package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Guards PDFBox against compression bombs before it opens a file: PDFBox inflates each stream it
 * reads whole into memory, with no limit, so a few kilobytes of Flate data can claim gigabytes.
 * Every Flate stream of the file (found by its {@code stream} keyword, so object and cross-reference
 * streams too) is inflated here into a counter, never kept: one may expand to at most
 * {@value #MAX_STREAM_MB} MB, all together to {@value #MAX_TOTAL_MB} MB. Streams of an encrypted PDF,
 * and the rarer LZW and run-length compressions, are not counted.
 *
 * <p>Threading: stateless.
 */
final class PdfStreams {

    static final int MAX_STREAM_MB = 64;
    static final int MAX_TOTAL_MB = 1024;
    private static final byte[] KEYWORD = "stream".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "end".getBytes(StandardCharsets.US_ASCII);

    private PdfStreams() {
    }

    static void check(ExportNode node, LoaderFile file) {
        byte[] pdf = file.bytes();
        long total = 0;
        for (int at = indexOf(pdf, KEYWORD, 0); at >= 0; at = indexOf(pdf, KEYWORD, at + KEYWORD.length)) {
            int data = dataStart(pdf, at);
            if (data < 0) continue;
            long size = inflatedSize(pdf, data, MAX_STREAM_MB * 1024L * 1024L + 1);
            if (size > MAX_STREAM_MB * 1024L * 1024L) {
                throw file.failure(node, "holds a compressed stream that expands past " + MAX_STREAM_MB + " MB");
            }
            total += size;
            if (total > MAX_TOTAL_MB * 1024L * 1024L) {
                throw file.failure(node, "holds compressed streams that expand past " + MAX_TOTAL_MB + " MB in all");
            }
        }
    }

    /** Where the data of a stream begins (after the keyword's end of line); -1 for {@code endstream} or a stray word. */
    private static int dataStart(byte[] pdf, int at) {
        if (at >= END.length && regionMatches(pdf, at - END.length, END)) return -1;
        int data = at + KEYWORD.length;
        if (data < pdf.length && pdf[data] == '\r') data++;
        if (data < pdf.length && pdf[data] == '\n') data++;
        return data == at + KEYWORD.length ? -1 : data;
    }

    /** Bytes the zlib data at {@code from} inflates to, counting up to {@code limit}; 0 when it is not zlib data. */
    private static long inflatedSize(byte[] pdf, int from, long limit) {
        Inflater inflater = new Inflater();
        inflater.setInput(pdf, from, pdf.length - from);
        byte[] sink = new byte[64 * 1024];
        long size = 0;
        try {
            while (size < limit && !inflater.finished()) {
                int n = inflater.inflate(sink);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                size += n;
            }
        } catch (DataFormatException e) {
            // not Flate data, or damaged data: PDFBox too keeps what inflated before the damage
        } finally {
            inflater.end();
        }
        return size;
    }

    private static int indexOf(byte[] bytes, byte[] target, int from) {
        for (int i = from; i <= bytes.length - target.length; i++) {
            if (regionMatches(bytes, i, target)) return i;
        }
        return -1;
    }

    private static boolean regionMatches(byte[] bytes, int at, byte[] target) {
        for (int j = 0; j < target.length; j++) if (bytes[at + j] != target[j]) return false;
        return true;
    }
}
