package dev.flowstream.socketio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import java.time.Duration;

/**
 * Bounds how many new engine.io sessions one client address may open: {@code perSecond}
 * sustained, twice that in a burst. A client that connects and closes in a loop then costs a
 * cheap 429, not a session. Buckets of addresses that went quiet expire, and at most
 * {@value #MAX_ADDRESSES} are kept, so the limiter's own memory is bounded too.
 *
 * <p>Threading: thread-safe; {@link #tryAcquire} never blocks.
 */
final class HandshakeLimiter {

    private static final int MAX_ADDRESSES = 100_000;

    private final int perSecond;
    private final Cache<String, Bucket> buckets;

    HandshakeLimiter(int perSecond) {
        this.perSecond = perSecond;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                // a bucket left alone this long has refilled anyway: forgetting it changes nothing
                .expireAfterAccess(Duration.ofSeconds(3))
                // upkeep on the calling thread: no pool thread outlives an undeploy
                .executor(Runnable::run)
                .build();
    }

    /** True when the address may open one more session now; always true with the limit off. */
    boolean tryAcquire(String address) {
        if (perSecond == 0) return true;
        return buckets.get(address, key -> newBucket()).tryConsume(1);
    }

    int perSecond() {
        return perSecond;
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }
}
