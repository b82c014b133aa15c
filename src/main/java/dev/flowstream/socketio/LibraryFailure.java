package dev.flowstream.socketio;

import dev.flowstream.http.HttpException;

import java.util.Map;

/**
 * A request the engine.io or socket.io library failed on, answered with a 400: every request is
 * checked before the library sees it, so what it still throws on is client input the checks let
 * through. The library's exception goes to our log at FINE only. {@link SocketIoRuntime} wraps
 * each call into the library with {@link #call}, so any other exception that reaches a servlet is
 * a bug of ours, logged and answered with a 500.
 *
 * <p>Threading: immutable; {@link #call} runs on the caller's thread.
 */
final class LibraryFailure extends HttpException {

    private LibraryFailure(RuntimeException cause) {
        super(400, "bad engine.io request", Map.of(), cause);
    }

    /** Runs {@code call} into the library, turning what it throws into a {@link LibraryFailure}. */
    static <X extends Exception> void call(SessionTimers.Call<X> call) throws X {
        try {
            call.run();
        } catch (RuntimeException library) {
            throw new LibraryFailure(library);
        }
    }
}
