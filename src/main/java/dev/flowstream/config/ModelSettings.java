package dev.flowstream.config;

import java.time.Duration;

/**
 * How Flowstream talks to model providers. Immutable.
 *
 * @param timeout          time a provider gets to start answering
 * @param stallTimeout     longest silence inside a model stream before it is cancelled
 * @param keepAlive        longest time an idle pooled connection to a provider is reused; kept
 *                         below the idle timeouts common servers and proxies use (5 s for
 *                         Node.js and uvicorn), which close connections a client still trusts.
 *                         Whole seconds; applied by the standalone server (the JDK client's
 *                         keep-alive is one JVM-wide property)
 */
public record ModelSettings(Duration timeout, Duration stallTimeout, Duration keepAlive) {

    static ModelSettings from(SettingSource s) {
        return new ModelSettings(
                s.millis("flowstream.model.timeout.ms", 60_000, 1),
                s.millis("flowstream.stall.timeout.ms", 30_000, 1),
                s.millis("flowstream.upstream.keepalive.ms", 3_000, 1));
    }
}
