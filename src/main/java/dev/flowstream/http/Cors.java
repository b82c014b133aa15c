package dev.flowstream.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Collections;
import java.util.Optional;

/**
 * Applies a {@link CorsPolicy} to one HTTP exchange: headers on allowed requests, preflight answers.
 * Stateless; thread-safe.
 */
public final class Cors {

    private static final String ALLOW_METHODS = "GET, POST, OPTIONS";
    private static final String DEFAULT_ALLOW_HEADERS = "Content-Type, Authorization";

    private final CorsPolicy policy;

    public Cors(CorsPolicy policy) {
        this.policy = policy;
    }

    public CorsPolicy policy() {
        return policy;
    }

    /** Looks a header up by name ignoring case: containers disagree on the case they keep. */
    public static Optional<String> header(HttpServletRequest request, String name) {
        String direct = request.getHeader(name);
        if (direct != null) return Optional.of(direct);
        for (String candidate : Collections.list(request.getHeaderNames())) {
            if (candidate.equalsIgnoreCase(name)) return Optional.ofNullable(request.getHeader(candidate));
        }
        return Optional.empty();
    }

    /** Adds the CORS answer headers; false when the request's origin is not allowed. */
    public boolean apply(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> origin = header(request, "Origin");
        if (!policy.allows(origin, header(request, "Host"))) return false;
        origin.ifPresent(value -> {
            response.setHeader("Access-Control-Allow-Origin", policy.allowOriginHeader(value));
            response.addHeader("Vary", "Origin");
            if (policy.allowsCredentials()) response.setHeader("Access-Control-Allow-Credentials", "true");
        });
        return true;
    }

    /** A browser preflight: OPTIONS with Access-Control-Request-Method. */
    public static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod())
                && header(request, "Access-Control-Request-Method").isPresent();
    }

    /** Answers a preflight whose origin was allowed by {@link #apply}. */
    public void answerPreflight(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Allow-Headers",
                header(request, "Access-Control-Request-Headers").orElse(DEFAULT_ALLOW_HEADERS));
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
