package dev.flowstream.chatflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A vendor's JSON REST API as a node calls it (a vector database, say): requests through the
 * provider HTTP client ({@link ModelHttpClients}), answers read as JSON, and every failure a
 * {@link ChatflowException} naming the node: an error status or an unreachable service is the
 * provider's (502), no answer in time a timeout (504). The vendor's own error text stays out of
 * the message, as it may quote what was sent; only an {@link ErrorReading} the node gives may
 * recognise an error in it and say what it means. With {@link #retrying}, a call that failed in a
 * way that may pass (no connection, no answer in time, HTTP 429 or 5xx) is sent again after a
 * pause that doubles each time, as LangChain's callers do.
 *
 * <p>Threading: thread-safe; calls block, so nodes make them on the runtime's workers.
 */
public final class VendorApi {

    private static final int MAX_ERROR_CHARS = 4096;
    private static final int NOT_FOUND = 404;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

    /** What a node makes of an error answer's body: a clearer failure when it recognises the error. */
    @FunctionalInterface
    public interface ErrorReading {
        Optional<ChatflowException> read(String body);
    }

    private final ExportNode node;
    private final String vendor;
    private final HttpClient http;
    private final Duration timeout;
    private final ErrorReading errors;
    private final int retries;

    private VendorApi(ExportNode node, String vendor, HttpClient http, Duration timeout, ErrorReading errors, int retries) {
        this.node = node;
        this.vendor = vendor;
        this.http = http;
        this.timeout = timeout;
        this.errors = errors;
        this.retries = retries;
    }

    /** @param vendor how messages name the service, e.g. {@code Pinecone} */
    public static VendorApi of(ExportNode node, String vendor, FlowRuntime runtime) {
        return new VendorApi(node, vendor, ModelHttpClients.jdk(runtime), runtime.settings().models().timeout(),
                body -> Optional.empty(), 0);
    }

    /** The same API, with the vendor's error answers read by {@code reading} first. */
    public VendorApi readingErrors(ErrorReading reading) {
        return new VendorApi(node, vendor, http, timeout, reading, retries);
    }

    /** The same API, a failing call sent up to {@code times} more times when the failure may pass. */
    public VendorApi retrying(int times) {
        if (times < 0) throw new IllegalArgumentException("negative retries: " + times);
        return new VendorApi(node, vendor, http, timeout, errors, times);
    }

    /** @param headers sent as given; one named like a default ({@code Accept}) replaces it */
    public JsonNode get(URI uri, Map<String, String> headers) {
        return read(request(uri, headers).GET().build(), false).orElseThrow();
    }

    /** {@link #get}, where a 404 means there is none (a collection not created yet). */
    public Optional<JsonNode> find(URI uri, Map<String, String> headers) {
        return read(request(uri, headers).GET().build(), true);
    }

    public JsonNode post(URI uri, Map<String, String> headers, Object body) {
        return read(request(uri, headers).header("Content-Type", "application/json").POST(json(body)).build(), false).orElseThrow();
    }

    /** A POST of a body encoded already (multipart/form-data, Elasticsearch's NDJSON bulk, ...), sent as {@code contentType}; the answer read as JSON. */
    public JsonNode post(URI uri, Map<String, String> headers, byte[] body, String contentType) {
        return read(request(uri, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), false).orElseThrow();
    }

    public JsonNode put(URI uri, Map<String, String> headers, Object body) {
        return read(request(uri, headers).header("Content-Type", "application/json").PUT(json(body)).build(), false).orElseThrow();
    }

    public JsonNode delete(URI uri, Map<String, String> headers) {
        return read(request(uri, headers).DELETE().build(), false).orElseThrow();
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::setHeader);
        return request;
    }

    private HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new ChatflowException(Kind.CHAIN, who() + " could not write its request to " + vendor, e);
        }
    }

    private Optional<JsonNode> read(HttpRequest request, boolean absentWhenNotFound) {
        HttpResponse<byte[]> response = sendRetrying(request);
        if (absentWhenNotFound && response.statusCode() == NOT_FOUND) return Optional.empty();
        if (response.statusCode() >= 300) throw failure(request, response);
        try {
            return Optional.of(response.body().length == 0 ? Json.reader().createObjectNode() : Json.reader().readTree(response.body()));
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": " + vendor + " answered with something that is not JSON", e);
        }
    }

    /** {@link #send}, again after a pause while the failure may pass and retries are left. */
    private HttpResponse<byte[]> sendRetrying(HttpRequest request) {
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= retries;
            try {
                HttpResponse<byte[]> response = send(request);
                int status = response.statusCode();
                if (last || (status != 429 && status < 500)) return response;
            } catch (ChatflowException e) {
                if (last || e.kind() == Kind.CHAIN) throw e; // interrupted: nothing to try again
            }
            pause(FIRST_PAUSE.multipliedBy(1L << Math.min(attempt, 6)));
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted", e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChatflowException(Kind.TIMEOUT, who() + ": " + vendor + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach " + vendor + " at " + request.uri().getHost()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted", e);
        }
    }

    private ChatflowException failure(HttpRequest request, HttpResponse<byte[]> response) {
        String body = new String(response.body(), 0, Math.min(response.body().length, MAX_ERROR_CHARS), StandardCharsets.UTF_8);
        return errors.read(body).orElseGet(() -> new ChatflowException(Kind.PROVIDER, who() + ": " + vendor + " answered HTTP "
                + response.statusCode() + " to " + request.method() + " " + request.uri().getPath()));
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
