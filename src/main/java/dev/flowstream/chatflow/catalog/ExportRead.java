package dev.flowstream.chatflow.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the reloader last read of one export file: the file's stamp before the read, a hash of the
 * bytes it got, and when. Immutable.
 *
 * @param stamp  modification time and size, taken before the bytes were read
 * @param sha256 of the bytes read, so a touched but unchanged file is not reloaded
 * @param readAt wall-clock millis when the stamp was taken
 */
record ExportRead(Stamp stamp, String sha256, long readAt) {

    /**
     * Modification times are as coarse as 2 s on some file systems, so a second write within that
     * window can leave the stamp unchanged; until a file is this much older than our read, its
     * content is compared as well (as git does for "racily clean" files).
     */
    static final long SETTLE_MILLIS = 2_000;

    /** A file's modification time and size. */
    record Stamp(long modifiedMillis, long size) {

        /** The file's stamp, or empty if it is gone. */
        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** Whether a file now stamped {@code now} surely still holds what was read. */
    boolean unchanged(Stamp now) {
        return stamp.equals(now) && stamp.modifiedMillis() + SETTLE_MILLIS <= readAt;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
