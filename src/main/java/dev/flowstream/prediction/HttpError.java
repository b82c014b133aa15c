package dev.flowstream.prediction;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.http.ErrorResponses;
import dev.flowstream.http.HttpException;

import java.util.Map;

/**
 * How a failed prediction is answered. A chatflow's failure is translated here, by its kind (the
 * HTTP layer knows nothing of chatflows); anything else is resolved by {@link ErrorResponses}, so
 * a refusal keeps its status and a bug is a logged 500.
 *
 * <p>Threading: immutable.
 */
public record HttpError(int status, String message, Map<String, String> headers) {

    public HttpError {
        headers = Map.copyOf(headers);
    }

    public HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    public static HttpError of(Throwable failure) {
        Throwable cause = ErrorResponses.unwrap(failure);
        if (cause instanceof ChatflowException flow) return new HttpError(status(flow.kind()), flow.getMessage());
        HttpException error = ErrorResponses.resolve(cause);
        return new HttpError(error.status(), error.getMessage(), error.headers());
    }

    static int status(ChatflowException.Kind kind) {
        return switch (kind) {
            case CONFIGURATION, CHAIN -> 500;
            case PROVIDER -> 502;
            case INPUT -> 400;
            case TIMEOUT -> 504;
        };
    }
}
