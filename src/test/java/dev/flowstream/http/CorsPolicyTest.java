package dev.flowstream.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsPolicyTest {

    private static final Optional<String> NO_HOST = Optional.empty();

    @Test
    void a_star_allows_any_origin_without_credentials() {
        CorsPolicy policy = new CorsPolicy(List.of("*"));
        assertTrue(policy.allows(Optional.of("https://evil.example"), NO_HOST));
        assertEquals("*", policy.allowOriginHeader("https://evil.example"));
        assertFalse(policy.allowsCredentials());
    }

    @Test
    void a_list_allows_only_its_origins_ignoring_case_and_trailing_slash() {
        CorsPolicy policy = new CorsPolicy(List.of("https://app.example/", "http://localhost:5173"));
        assertTrue(policy.allows(Optional.of("HTTPS://APP.EXAMPLE"), NO_HOST));
        assertTrue(policy.allows(Optional.of("http://localhost:5173"), NO_HOST));
        assertFalse(policy.allows(Optional.of("http://localhost:5174"), NO_HOST));
        assertEquals("http://localhost:5173", policy.allowOriginHeader("http://localhost:5173"));
        assertTrue(policy.allowsCredentials());
    }

    @Test
    void requests_without_an_origin_are_not_cross_origin() {
        assertTrue(new CorsPolicy(List.of("https://app.example")).allows(Optional.empty(), NO_HOST));
    }

    @Test
    void a_page_of_this_server_is_allowed_whatever_the_list_says() {
        CorsPolicy policy = new CorsPolicy(List.of("https://app.example"));
        assertTrue(policy.allows(Optional.of("http://127.0.0.1:8080"), Optional.of("127.0.0.1:8080")));
        assertTrue(policy.allows(Optional.of("https://Portal.Example"), Optional.of("portal.example")));
        assertTrue(policy.allows(Optional.of("http://portal.example"), Optional.of("portal.example:80")));
        assertTrue(policy.allows(Optional.of("http://[::1]:3000"), Optional.of("[::1]:3000")));
    }

    @Test
    void another_port_or_host_than_the_request_s_is_still_cross_origin() {
        CorsPolicy policy = new CorsPolicy(List.of("https://app.example"));
        assertFalse(policy.allows(Optional.of("http://127.0.0.1:5173"), Optional.of("127.0.0.1:8080")));
        assertFalse(policy.allows(Optional.of("http://127.0.0.1:8080"), Optional.of("127.0.0.1")));
        assertFalse(policy.allows(Optional.of("https://evil.example"), Optional.of("portal.example")));
        assertFalse(policy.allows(Optional.of("null"), Optional.of("portal.example")));
        assertFalse(policy.allows(Optional.of("http://portal.example"), Optional.of("portal.example:x")));
    }
}
