package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ChatflowException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns what a model provider threw into a {@link ChatflowException} that is safe to show: it
 * names the node and the HTTP status, never the provider's body (which can echo part of a key)
 * nor a stack trace. Stateless and thread-safe.
 */
final class ProviderFailure {

    private ProviderFailure() {
    }

    static ChatflowException of(String nodeId, Duration timeout, Throwable error) {
        Optional<HttpException> http = find(error, HttpException.class);
        if (http.isPresent()) return fromStatus(nodeId, http.get().statusCode());
        if (isTimeout(error)) {
            return new ChatflowException(Kind.TIMEOUT,
                    "model " + nodeId + " did not answer within " + timeout.toMillis() + " ms", error);
        }
        if (find(error, ConnectException.class).isPresent()
                || find(error, UnresolvedModelServerException.class).isPresent()) {
            return new ChatflowException(Kind.PROVIDER,
                    "model " + nodeId + " could not reach its server; check basepath and the network", error);
        }
        return new ChatflowException(Kind.PROVIDER,
                "model " + nodeId + " failed: the provider's stream broke off", error);
    }

    static ChatflowException truncated(String nodeId) {
        return new ChatflowException(Kind.PROVIDER,
                "model " + nodeId + " ended its stream before the answer was complete");
    }

    /** Without the cause on purpose: its message is the provider's body, which may echo the key. */
    private static ChatflowException fromStatus(String nodeId, int status) {
        String prefix = "model " + nodeId + " failed: the provider answered HTTP " + status;
        return switch (status) {
            case 401, 403 -> new ChatflowException(Kind.PROVIDER, prefix + "; check the API key");
            case 404 -> new ChatflowException(Kind.PROVIDER, prefix + "; check modelName and basepath");
            case 408, 504 -> new ChatflowException(Kind.TIMEOUT, prefix);
            case 429 -> new ChatflowException(Kind.PROVIDER, prefix + "; the provider is rate limiting");
            default -> new ChatflowException(Kind.PROVIDER, prefix);
        };
    }

    private static boolean isTimeout(Throwable error) {
        return find(error, HttpTimeoutException.class).isPresent()
                || find(error, SocketTimeoutException.class).isPresent()
                || find(error, java.util.concurrent.TimeoutException.class).isPresent()
                || find(error, dev.langchain4j.exception.TimeoutException.class).isPresent();
    }

    /** The first throwable of the given type along the cause chain, guarding against cycles. */
    private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 32; depth++) {
            if (type.isInstance(current)) return Optional.of(type.cast(current));
            if (current.getCause() == current) break;
            current = current.getCause();
        }
        return Optional.empty();
    }
}
