package dev.flowstream.prediction;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.http.AsyncBodies;
import dev.flowstream.http.HttpException;
import dev.flowstream.json.Json;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code POST /api/v1/vector/upsert/{chatflowId}}, as Flowise has it: the flow's document loaders
 * read, its vector stores embed and keep; the answer is
 * {@code {numAdded, numDeleted, numUpdated, numSkipped, addedDocs}}, and {@code totalKeys} when a store
 * has a record manager. The body is optional JSON,
 * {@code {"overrideConfig": {...}}}, whose keys replace loader inputs (a file, a folder) for this
 * upsert, or {@code multipart/form-data} with {@code files} ({@link Uploads}). A flow without a
 * vector store is a 400.
 *
 * <p>Threading: as {@link PredictionServlet}: the body is read without blocking, the upsert runs
 * on the catalog's workers, the answer is written on our writer threads.
 */
public final class UpsertServlet extends FlowPostServlet {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final transient AsyncBodies bodies;
    private final transient Executor writers;
    private final long maxRequestBytes;
    private final long maxUploadBytes;

    public UpsertServlet(PredictionService service, AsyncBodies bodies, Executor writers, long maxRequestBytes,
                         long maxUploadBytes) {
        super(service);
        this.bodies = bodies;
        this.writers = writers;
        this.maxRequestBytes = maxRequestBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    void post(HttpServletRequest request, Chatflow flow) {
        String contentType = request.getContentType();
        boolean multipart = MultipartForm.isMultipart(contentType);
        long limit = multipart ? maxUploadBytes : maxRequestBytes;
        if (multipart && request.getContentLengthLong() > limit) throw new HttpException(413, "upload is larger than " + limit + " bytes");
        Charset charset = multipart || request.getContentLengthLong() == 0 ? null : RequestBodies.check(request, limit);
        AsyncAnswer answer = new AsyncAnswer(request.startAsync(), writers, maxRequestBytes);
        bodies.read(answer.context(), limit)
                .whenComplete(answer::bodyRead)
                .thenApply(bytes -> multipart ? Uploads.overrideConfig(MultipartForm.parse(contentType, bytes), flow.fileInputs())
                        : overrideConfig(bytes.length == 0 ? "" : RequestBodies.decode(bytes, charset)))
                .thenCompose(flow::upsert)
                .whenCompleteAsync(answer::json, writers);
    }

    /** The body's {@code overrideConfig}; an empty body upserts with none. */
    static Map<String, Object> overrideConfig(String body) {
        if (body.isBlank()) return Map.of();
        JsonNode root;
        try {
            root = Json.reader().readTree(body);
        } catch (IOException e) {
            throw HttpException.badRequest("the body is not valid JSON: send {\"overrideConfig\": {...}} or nothing");
        }
        if (root == null || !root.isObject()) throw HttpException.badRequest("the body must be a JSON object");
        JsonNode overrides = root.path("overrideConfig");
        if (overrides.isMissingNode() || overrides.isNull()) return Map.of();
        if (!overrides.isObject()) throw HttpException.badRequest("overrideConfig must be a JSON object");
        try {
            return Json.reader().forType(MAP).readValue(overrides);
        } catch (IOException e) {
            throw HttpException.badRequest("overrideConfig must be a JSON object");
        }
    }
}
