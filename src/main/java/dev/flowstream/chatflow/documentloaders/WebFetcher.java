package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ModelHttpClients;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches web pages (and API answers) for a loader node with the JDK client: GET, or a
 * {@link Call} with its own method, headers and body; http and https only,
 * redirects followed by hand (at most {@value #MAX_REDIRECTS}, each target checked the same way),
 * bodies read up to {@value #MAX_BYTES} bytes, and the whole fetch, body included, bounded by the
 * provider timeout ({@code flowstream.model.timeout.ms}): the JDK client's own timeout ends when the
 * headers arrive, so a server dripping its body would otherwise hold the upsert forever. A page
 * comes back whatever its status; a fetch that gets none is a {@link ChatflowException} naming the
 * node and the address: unreachable, too large or redirected too often is the provider's (502), no
 * page in time a timeout (504).
 *
 * <p>Threading: thread-safe; {@link #get} blocks the caller while a worker of the runtime fetches.
 */
final class WebFetcher {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String USER_AGENT = "Mozilla/5.0 (compatible; Flowstream)";

    private final ExportNode node;
    private final HttpClient http;
    private final ExecutorService workers;
    private final Duration timeout;

    WebFetcher(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.http = ModelHttpClients.jdk(runtime); // follows no redirect itself
        this.workers = runtime.workers();
        this.timeout = runtime.settings().models().timeout();
    }

    /** Whether the address is one a loader may fetch: absolute http or https with a host. */
    static boolean fetchable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /**
     * What a fetch sends: its method, its headers and its body. A redirect (301, 302, 303) turns
     * it into a plain GET, as browsers and axios do; 307 and 308 send it again as it was. Headers
     * are not sent to another host than the first, which they may carry credentials for.
     */
    record Call(String method, Map<String, String> headers, Optional<byte[]> body) {

        static final Call PAGE = new Call("GET", Map.of("Accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), Optional.empty());

        Call {
            headers = Map.copyOf(headers);
        }

        private Call after(int status, boolean sameHost) {
            boolean keep = status == 307 || status == 308;
            return new Call(keep ? method : "GET", sameHost ? headers : Map.of(), keep ? body : Optional.empty());
        }
    }

    /** The page at {@code uri}, whatever its status; a failure to get one throws. */
    WebPage get(URI uri) {
        return send(uri, Call.PAGE);
    }

    /** What {@code uri} answers {@code call}, whatever its status; a failure to get an answer throws. */
    WebPage send(URI uri, Call call) {
        AtomicReference<InputStream> body = new AtomicReference<>();
        Future<WebPage> fetch;
        try {
            fetch = workers.submit(() -> follow(uri, call, body));
        } catch (RejectedExecutionException e) {
            throw new ChatflowException(Kind.CHAIN, "Flowstream is shutting down");
        }
        try {
            return fetch.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fetch.cancel(true); // ends a wait for headers; the JDK's body stream ignores interrupts, so close it too
            Optional.ofNullable(body.get()).ifPresent(WebFetcher::closeQuietly);
            throw timedOut(uri);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ChatflowException failure) throw failure;
            throw new ChatflowException(Kind.PROVIDER, who() + " could not fetch " + uri, e.getCause());
        } catch (InterruptedException e) {
            fetch.cancel(true);
            Thread.currentThread().interrupt();
            throw new ChatflowException(Kind.CHAIN, who() + " was interrupted fetching " + uri, e);
        }
    }

    /** Runs on a worker: the request and each redirect after it. */
    private WebPage follow(URI start, Call first, AtomicReference<InputStream> body) throws InterruptedException {
        URI uri = start;
        Call call = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!fetchable(uri)) throw failure(start, "redirected to " + uri + ", which is not an http or https address");
            Answer answer = once(uri, call, body);
            if (answer.location().isEmpty()) return answer.page();
            try {
                URI next = uri.resolve(answer.location().get().trim());
                call = call.after(answer.page().status(), Objects.equals(next.getHost(), start.getHost()));
                uri = next;
            } catch (IllegalArgumentException e) {
                throw failure(start, "redirected to an address that is not valid");
            }
        }
        throw failure(start, "redirected more than " + MAX_REDIRECTS + " times");
    }

    /** What one request got: a page, or where a redirect points. */
    private record Answer(WebPage page, Optional<String> location) {
    }

    /** @param reading where the body's stream is kept, so that a fetch that takes too long can be closed */
    private Answer once(URI uri, Call call, AtomicReference<InputStream> reading) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT)
                .method(call.method(), call.body().map(HttpRequest.BodyPublishers::ofByteArray)
                        .orElseGet(HttpRequest.BodyPublishers::noBody));
        call.headers().forEach(builder::setHeader);
        HttpRequest request = builder.build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                reading.set(body);
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException(); // timed out meanwhile
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location").filter(value -> !value.isBlank());
                Optional<String> type = response.headers().firstValue("Content-Type");
                if (REDIRECTS.contains(status) && location.isPresent()) {
                    return new Answer(new WebPage(uri, status, type, new byte[0]), location);
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) throw failure(uri, "is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
                return new Answer(new WebPage(uri, status, type, bytes), Optional.empty());
            }
        } catch (HttpTimeoutException e) {
            throw timedOut(uri); // the client's own timeout, for the headers, may fire just before ours
        } catch (IOException e) {
            throw new ChatflowException(Kind.PROVIDER, who() + " could not fetch " + uri + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the fetch has failed already; nothing to add
        }
    }

    private ChatflowException timedOut(URI uri) {
        return new ChatflowException(Kind.TIMEOUT, who() + ": " + uri + " did not answer within " + timeout.toMillis() + " ms");
    }

    private ChatflowException failure(URI uri, String problem) {
        return new ChatflowException(Kind.PROVIDER, who() + ": " + uri + " " + problem);
    }

    String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
