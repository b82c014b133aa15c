package dev.flowstream.testing;

/** One request a vendor stub received: method, path, {@code Authorization} header (or empty) and body. Immutable. */
public record RecordedRequest(String method, String path, String authorization, String body) {
}
