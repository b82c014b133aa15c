package dev.flowstream.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads request bodies without holding a container thread: the servlet's non-blocking
 * {@link ReadListener} collects the bytes as they come, bounded in size and in total time, so a
 * client that sends its body a byte at a time (or never) costs a connection, not a worker.
 *
 * <p>Threading: thread-safe. {@link #read} is called on the container thread that started async
 * mode; the returned stage completes on {@code executor} (ours), never on a container thread, with
 * the whole body or an {@link HttpException}: 413 too large, 408 too slow, 400 broken off. Each
 * names the limit and is safe to send to the client.
 */
public final class AsyncBodies {

    private static final int CHUNK = 8192;

    private final ScheduledExecutorService timers;
    private final Executor executor;
    private final Duration timeout;

    /**
     * @param timers   bounds each body's total time; ours, so an undeploy stops it
     * @param executor where the result is delivered
     * @param timeout  longest time a body may take to arrive in full
     */
    public AsyncBodies(ScheduledExecutorService timers, Executor executor, Duration timeout) {
        this.timers = timers;
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Reads the body of the request behind {@code context}, at most {@code maxBytes} of it. */
    public CompletionStage<byte[]> read(AsyncContext context, long maxBytes) {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        ScheduledFuture<?> deadline = timers.schedule(() -> body.completeExceptionally(new HttpException(
                408, "request body did not arrive within " + timeout.toMillis() + " ms")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        body.whenComplete((bytes, failure) -> deadline.cancel(false));
        try {
            ServletInputStream in = context.getRequest().getInputStream();
            in.setReadListener(new Collector(in, maxBytes, body));
        } catch (IOException | RuntimeException e) {
            body.completeExceptionally(broken());
        }
        return handOver(body);
    }

    private CompletionStage<byte[]> handOver(CompletableFuture<byte[]> body) {
        CompletableFuture<byte[]> ours = new CompletableFuture<>();
        body.whenComplete((bytes, failure) -> {
            try {
                executor.execute(() -> settle(ours, bytes, failure));
            } catch (RejectedExecutionException shuttingDown) {
                settle(ours, bytes, failure);
            }
        });
        return ours;
    }

    private static void settle(CompletableFuture<byte[]> target, byte[] bytes, Throwable failure) {
        if (failure != null) target.completeExceptionally(failure);
        else target.complete(bytes);
    }

    private static HttpException broken() {
        return HttpException.badRequest("request body broke off before it was complete");
    }

    /** The container calls one method at a time; a body already settled (timeout) is drained and dropped. */
    private static final class Collector implements ReadListener {
        private final ServletInputStream in;
        private final long maxBytes;
        private final CompletableFuture<byte[]> body;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[CHUNK];

        Collector(ServletInputStream in, long maxBytes, CompletableFuture<byte[]> body) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.body = body;
        }

        @Override
        public void onDataAvailable() throws IOException {
            int n;
            // Reading on after the body was settled drains it, so the connection closes cleanly
            // instead of being reset over unread data.
            while (in.isReady() && (n = in.read(chunk)) != -1) {
                if (body.isDone()) continue;
                if (bytes.size() + (long) n > maxBytes) {
                    body.completeExceptionally(new HttpException(413,
                            "request body is larger than " + maxBytes + " bytes"));
                    continue;
                }
                bytes.write(chunk, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(broken());
        }
    }
}
