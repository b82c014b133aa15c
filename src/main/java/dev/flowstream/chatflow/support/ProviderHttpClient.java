package dev.flowstream.chatflow.support;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP client as providers are called through it: every request runs on our worker pool,
 * and one that fails because a pooled connection had been closed by the provider (or a proxy)
 * while it sat idle is sent again.
 *
 * <p>Why not the JDK's own {@code sendAsync}: it hands the returned future's dependent actions to
 * the default {@link CompletableFuture} executor, which on a machine with fewer than three
 * processors starts a new thread per task; LangChain4j then parses the whole model stream in that
 * thread, so every stream had an unnamed thread outside our pools and our shutdown. Here the
 * request is sent synchronously on a worker, so the future completes on that worker and the stream
 * is parsed there.
 *
 * <p>Why the retry: an idle keep-alive connection that the peer, or a load balancer or NAT between,
 * dropped without a word is noticed only when the next request on it gets no answer at all. The
 * other idle connections of the pool are as old, and likely as dead; so the client is replaced by
 * a fresh one (the old one, and its pool, are left to finish what runs on them), and the request
 * is sent once more on a new connection. Nothing was answered, so sending again is what the
 * caller wants. Timeouts and refused connections are not retried.
 *
 * <p>Threading: thread-safe, like the client it wraps.
 */
final class ProviderHttpClient extends HttpClient {

    private static final Logger LOG = Logger.getLogger(ProviderHttpClient.class.getName());

    private final Supplier<HttpClient> clients;
    private final AtomicReference<HttpClient> current;
    private final Executor executor;

    /**
     * @param clients  builds the JDK clients: one now, another whenever a dead pooled connection shows
     * @param executor where requests are sent and their futures complete
     */
    ProviderHttpClient(Supplier<HttpClient> clients, Executor executor) {
        this.clients = clients;
        this.current = new AtomicReference<>(clients.get());
        this.executor = executor;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpClient client = current.get();
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            if (!closedBeforeAnswering(e)) throw e;
            LOG.log(Level.FINE, "a pooled connection to " + request.uri().getHost() + " was dead; sending again", e);
            return fresh(client).send(request, handler);
        }
    }

    /** A client with no pooled connection: a new one, unless another thread replaced {@code stale} already. */
    private HttpClient fresh(HttpClient stale) {
        HttpClient replacement = clients.get();
        return current.compareAndSet(stale, replacement) ? replacement : current.get();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, executor);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler); // HTTP/1.1 only: nothing is ever pushed
    }

    /** The connection broke before the peer answered anything: not a timeout, not a refused connection. */
    static boolean closedBeforeAnswering(IOException e) {
        return !(e instanceof HttpTimeoutException) && !(e instanceof ConnectException);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return current.get().cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return current.get().connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return current.get().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return current.get().proxy();
    }

    @Override
    public SSLContext sslContext() {
        return current.get().sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return current.get().sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return current.get().authenticator();
    }

    @Override
    public Version version() {
        return current.get().version();
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.of(executor);
    }
}
