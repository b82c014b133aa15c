package dev.flowstream.prediction;

import java.util.Optional;

/** Path-info parsing for {@code /api/v1/...} servlets. Stateless. */
final class ApiPaths {

    private ApiPaths() {
    }

    /** "/abc" → "abc"; missing, "/" or nested paths → empty. */
    static Optional<String> id(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) return Optional.empty();
        String id = pathInfo.substring(1);
        return id.contains("/") ? Optional.empty() : Optional.of(id);
    }
}
