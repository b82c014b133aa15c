package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link VectorIndex} on disk, in Flowstream's own format (not faiss's: a store written by Flowise
 * cannot be read here, nor the reverse): a header ({@code FSVS}, version, dimensions, count), then
 * per document its text and metadata (JSON) and its vector. Written whole to a temporary file that
 * then replaces the old one, so a reader never sees half a store and a crash loses at most the
 * upsert under way. Stateless.
 */
final class VectorFile {

    static final String NAME = "flowstream-vectors.bin";
    private static final int MAGIC = 0x46535653; // "FSVS"
    private static final int VERSION = 1;
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private VectorFile() {
    }

    static void write(Path dir, VectorIndex index) throws IOException {
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, NAME, ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
            int dimensions = index.entries().isEmpty() ? 0 : index.entries().get(0).vector().length;
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(dimensions);
            out.writeInt(index.entries().size());
            for (VectorIndex.Entry entry : index.entries()) {
                bytes(out, entry.document().pageContent().getBytes(StandardCharsets.UTF_8));
                bytes(out, Json.writer().writeValueAsBytes(entry.document().metadata()));
                for (float value : entry.vector()) out.writeFloat(value);
            }
        }
        Files.move(temporary, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stored index; empty when nothing was upserted yet. */
    static VectorIndex read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) return VectorIndex.EMPTY;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) throw new IOException(file + " is not a Flowstream vector store");
            int dimensions = in.readInt();
            int count = in.readInt();
            List<VectorIndex.Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String text = new String(bytes(in), StandardCharsets.UTF_8);
                Map<String, Object> metadata = Json.reader().forType(METADATA).readValue(bytes(in));
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) vector[d] = in.readFloat();
                entries.add(new VectorIndex.Entry(vector, new SourceDocument(text, metadata)));
            }
            return new VectorIndex(entries);
        }
    }

    private static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) throw new IOException("a damaged vector store (a record of " + length + " bytes)");
        return in.readNBytes(length);
    }
}
