package dev.flowstream.chatflow.node;

import dev.flowstream.streaming.SourceDocument;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A document's uid as LangChain's indexing makes it, so a store Flowise's record manager filled is
 * recognised here and the reverse: UUIDv5 (in LangChain's namespace) of the hex SHA-256 of the
 * UUIDs of the content's and the metadata's hashes. The metadata is hashed as JavaScript's
 * {@code JSON.stringify(metadata, sortedTopLevelKeys)} writes it: that key list filters every
 * level, so a nested object keeps only keys that also occur at the top. Immutable.
 */
record HashedDocument(String uid, SourceDocument document) {

    private static final UUID NAMESPACE = UUID.fromString("10f90ea3-90a4-4962-bf75-83a0f3c1c62a");
    private static final List<String> RESERVED = List.of("hash_", "content_hash", "metadata_hash");

    static HashedDocument of(SourceDocument document) {
        for (String key : RESERVED) {
            if (document.metadata().containsKey(key)) {
                throw new IllegalArgumentException("a document's metadata has the key " + key + ", which indexing keeps for itself");
            }
        }
        String content = uuid(document.pageContent());
        String metadata = uuid(JsJson.withKeys(document.metadata()));
        return new HashedDocument(uuid(content + metadata), document);
    }

    static String uuid(String text) {
        return uuidV5(HexFormat.of().formatHex(digest("SHA-256", text.getBytes(StandardCharsets.UTF_8))));
    }

    private static String uuidV5(String name) {
        ByteBuffer input = ByteBuffer.allocate(16 + name.getBytes(StandardCharsets.UTF_8).length);
        input.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
        input.put(name.getBytes(StandardCharsets.UTF_8));
        byte[] hash = digest("SHA-1", input.array());
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** The metadata value under {@code key} as text, for a source or a docId. */
    static java.util.Optional<String> text(Map<String, Object> metadata, String key) {
        Object value = metadata.get(key);
        if (value == null || value instanceof Map || value instanceof List) return java.util.Optional.empty();
        String text = value instanceof Number number ? JsJson.number(number) : value.toString();
        return text.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(text);
    }
}
