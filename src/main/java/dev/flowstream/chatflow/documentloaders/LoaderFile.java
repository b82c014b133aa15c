package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One file a loader reads: its name (the documents' {@code source}), the MIME type it was uploaded
 * with (none for a file of the config directory), and its bytes. Immutable by convention: the
 * bytes are shared, never written.
 *
 * @param input the node input that named the file, for messages
 */
record LoaderFile(String input, String name, Optional<String> mimeType, byte[] bytes) {

    LoaderFile {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The lower-cased extension without its dot ({@code pdf}); empty when the name has none. */
    String extension() {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The bytes as UTF-8 text without a byte order mark, as a browser's {@code Blob.text()} gives it. */
    String text(ExportNode node) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw failure(node, "is not UTF-8 text");
        }
    }

    /** A load failure naming the node, its input and this file: "input pdfFile: uploaded file a.pdf is ...". */
    FlowLoadException failure(ExportNode node, String problem) {
        return node.failure("input " + input + ": " + (mimeType.isPresent() ? "uploaded file " : "file ") + name + " " + problem);
    }
}
