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
import java.time.Duration;
import java.util.Map;

/**
 * A vendor's JSON REST API as a node calls it (a vector database, say): requests through the
 * provider HTTP client ({@link ModelHttpClients}), answers read as JSON, and every failure a
 * {@link ChatflowException} naming the node: an error status or an unreachable service is the
 * provider's (502), no answer in time a timeout (504). The vendor's own error text stays out of
 * the message; it may quote what was sent.
 *
 * <p>Threading: thread-safe; calls block, so nodes make them on the runtime's workers.
 */
public final class VendorApi {

    private final ExportNode node;
    private final String vendor;
    private final HttpClient http;
    private final Duration timeout;

    private VendorApi(ExportNode node, String vendor, HttpClient http, Duration timeout) {
        this.node = node;
        this.vendor = vendor;
        this.http = http;
        this.timeout = timeout;
    }

    /** @param vendor how messages name the service, e.g. {@code Pinecone} */
    public static VendorApi of(ExportNode node, String vendor, FlowRuntime runtime) {
        return new VendorApi(node, vendor, ModelHttpClients.jdk(runtime), runtime.settings().models().timeout());
    }

    public JsonNode get(URI uri, Map<String, String> headers) {
        return send(request(uri, headers).GET().build());
    }

    public JsonNode post(URI uri, Map<String, String> headers, Object body) {
        try {
            return send(request(uri, headers).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new ChatflowException(Kind.CHAIN, who() + " could not write its request to " + vendor, e);
        }
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        return request;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChatflowException(Kind.TIMEOUT, who() + ": " + vendor + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + " could not reach " + vendor + " at " + request.uri().getHost()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted", e);
        }
        if (response.statusCode() >= 300) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": " + vendor + " answered HTTP " + response.statusCode()
                    + " to " + request.method() + " " + request.uri().getPath());
        }
        try {
            return response.body().length == 0 ? Json.reader().createObjectNode() : Json.reader().readTree(response.body());
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": " + vendor + " answered with something that is not JSON", e);
        }
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
