package dev.flowstream.config;

import java.util.Objects;

/**
 * A servlet path prefix: starts with a slash, has no trailing slash, and holds only path
 * characters (no wildcard, query or dot segment), so it maps the same in every container.
 * Stateless.
 */
final class MountPath {

    private MountPath() {
    }

    static String check(String key, String value) {
        String path = Objects.requireNonNull(value, key).trim();
        while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("setting " + key + " must be a path below the context root such as /chat, was: " + value);
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !segment.matches("[A-Za-z0-9._~!$&'()+,;=:@-]+")) {
                throw new IllegalArgumentException("setting " + key + " must be a plain path (letters, digits, - . _ ~ and no *, ? or empty segments), was: " + value);
            }
        }
        return path;
    }
}
