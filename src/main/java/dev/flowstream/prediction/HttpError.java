package dev.flowstream.prediction;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.http.BodyRefused;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP statuses and messages. Immutable.
 */
public record HttpError(int status, String message) {

    private static final Logger LOG = Logger.getLogger(HttpError.class.getName());

    public static HttpError of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) return new HttpError(api.status(), api.getMessage());
        if (cause instanceof BodyRefused body) return new HttpError(body.status(), body.getMessage());
        if (cause instanceof ChatflowException flow) return new HttpError(status(flow.kind()), flow.getMessage());
        LOG.log(Level.SEVERE, "prediction failed unexpectedly", cause);
        return new HttpError(500, "internal error: " + cause.getClass().getSimpleName());
    }

    static int status(ChatflowException.Kind kind) {
        return switch (kind) {
            case CONFIGURATION, CHAIN -> 500;
            case PROVIDER -> 502;
            case TIMEOUT -> 504;
        };
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
