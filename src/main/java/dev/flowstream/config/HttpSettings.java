package dev.flowstream.config;

import java.time.Duration;

/**
 * Limits on HTTP requests. The last three apply to the standalone server only; inside an
 * application server its own connector settings govern connections. Immutable.
 *
 * @param maxRequestBytes largest prediction body accepted (413 above)
 * @param maxUploadBytes  largest multipart upload (the files of an upsert) accepted (413 above)
 * @param bodyTimeout     longest time a request body may take to arrive in full (408 after)
 * @param headerTimeout   standalone: longest time a request's headers may take to arrive
 * @param keepAliveTimeout standalone: how long an idle keep-alive connection waits for its next request
 * @param idleTimeout     standalone: a connection (websockets and streams included) with no
 *                        traffic either way for this long is closed
 */
public record HttpSettings(long maxRequestBytes, long maxUploadBytes, Duration bodyTimeout, Duration headerTimeout,
                           Duration keepAliveTimeout, Duration idleTimeout) {

    static HttpSettings from(SettingSource s) {
        return new HttpSettings(
                s.atLeast("flowstream.max.request.bytes", 1_048_576, 1),
                s.atLeast("flowstream.max.upload.bytes", 20_971_520, 1),
                s.millis("flowstream.body.timeout.ms", 30_000, 1),
                s.millis("flowstream.header.timeout.ms", 10_000, 1),
                s.millis("flowstream.keepalive.timeout.ms", 60_000, 1),
                s.millis("flowstream.idle.timeout.ms", 300_000, 1));
    }
}
