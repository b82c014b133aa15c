package dev.flowstream.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsPolicyTest {

    @Test
    void a_star_allows_any_origin_without_credentials() {
        CorsPolicy policy = new CorsPolicy(List.of("*"));
        assertTrue(policy.allows(Optional.of("https://evil.example")));
        assertEquals("*", policy.allowOriginHeader("https://evil.example"));
        assertFalse(policy.allowsCredentials());
    }

    @Test
    void a_list_allows_only_its_origins_ignoring_case_and_trailing_slash() {
        CorsPolicy policy = new CorsPolicy(List.of("https://app.example/", "http://localhost:5173"));
        assertTrue(policy.allows(Optional.of("HTTPS://APP.EXAMPLE")));
        assertTrue(policy.allows(Optional.of("http://localhost:5173")));
        assertFalse(policy.allows(Optional.of("http://localhost:5174")));
        assertEquals("http://localhost:5173", policy.allowOriginHeader("http://localhost:5173"));
        assertTrue(policy.allowsCredentials());
    }

    @Test
    void requests_without_an_origin_are_not_cross_origin() {
        assertTrue(new CorsPolicy(List.of("https://app.example")).allows(Optional.empty()));
    }
}
