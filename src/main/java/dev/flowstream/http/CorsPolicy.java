package dev.flowstream.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins allowed to call this server (Flowise's {@code CORS_ORIGINS}), for HTTP
 * requests and the WebSocket upgrade alike (the socket.io servlet performs the upgrade, so the
 * CORS filter sees it with its Host header). Immutable and thread-safe.
 */
public final class CorsPolicy {

    private final boolean anyOrigin;
    private final Set<String> origins;

    public CorsPolicy(List<String> allowed) {
        this.anyOrigin = allowed.contains("*");
        this.origins = allowed.stream().map(CorsPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a request may proceed. One without an Origin header is not a cross-origin browser
     * request; one whose Origin names the host and port it was sent to ({@code Host}) comes from a
     * page this server delivered, such as the demo page or a host webapp's own pages: both are
     * allowed whatever the list says (browsers send an Origin on same-origin POSTs and WebSocket
     * upgrades too).
     */
    public boolean allows(Optional<String> origin, Optional<String> host) {
        if (origin.isEmpty() || anyOrigin || origins.contains(normalise(origin.get()))) return true;
        return host.isPresent() && sameOrigin(origin.get(), host.get());
    }

    private static Optional<URI> webOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            boolean web = uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
            return web ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Origin {@code scheme://name[:port]} against Host {@code name[:port]}; a missing port is the scheme's default. */
    static boolean sameOrigin(String origin, String host) {
        Optional<URI> parsed = webOrigin(origin);
        if (parsed.isEmpty()) return false;
        URI uri = parsed.get();
        int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String authority = host.trim();
        int colon = authority.lastIndexOf(':');
        String name = colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
        int hostPort;
        try {
            hostPort = colon > authority.lastIndexOf(']') ? Integer.parseInt(authority.substring(colon + 1)) : defaultPort;
        } catch (NumberFormatException e) {
            return false;
        }
        return originPort == hostPort && name.equalsIgnoreCase(uri.getHost());
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
