package dev.flowstream.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins allowed to call this server (Flowise's {@code CORS_ORIGINS}), for HTTP
 * requests and for the WebSocket upgrade alike. Immutable and thread-safe.
 */
public final class CorsPolicy {

    private final boolean anyOrigin;
    private final Set<String> origins;

    public CorsPolicy(List<String> allowed) {
        this.anyOrigin = allowed.contains("*");
        this.origins = allowed.stream().map(CorsPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** A request without an Origin header is not a cross-origin browser request: allowed. */
    public boolean allows(Optional<String> origin) {
        return origin.isEmpty() || anyOrigin || origins.contains(normalise(origin.get()));
    }

    /**
     * The {@code Access-Control-Allow-Origin} value for an allowed origin. With {@code *} configured
     * the answer is a literal {@code *} (no credentials), never a reflection of any origin.
     */
    public String allowOriginHeader(String origin) {
        return anyOrigin ? "*" : origin;
    }

    /** Credentials are only allowed for origins named in the list. */
    public boolean allowsCredentials() {
        return !anyOrigin;
    }

    private static String normalise(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
