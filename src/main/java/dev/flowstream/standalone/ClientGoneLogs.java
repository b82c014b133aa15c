package dev.flowstream.standalone;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Undertow reports an asynchronous response that could not be closed because its client had left
 * (UT005088, with the {@code ClosedChannelException}) at ERROR in its request I/O category. That
 * is a client going away, which any client can cause at will: it is logged at FINE here, once and
 * without the noise. Records of that category without an I/O failure pass unchanged.
 *
 * <p>Threading: stateless; JUL calls it from any thread.
 */
final class ClientGoneLogs implements Filter {

    /** Held here: JUL keeps loggers only weakly, and a collected logger would drop its filter. */
    private static final Logger REQUEST_IO = Logger.getLogger("io.undertow.request.io");
    private static final Logger LOG = Logger.getLogger(StandaloneServer.class.getName());

    private ClientGoneLogs() {
    }

    /** Idempotent: servers started one after another in a JVM share the one filter. */
    static synchronized void install() {
        if (!(REQUEST_IO.getFilter() instanceof ClientGoneLogs)) REQUEST_IO.setFilter(new ClientGoneLogs());
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!(record.getThrown() instanceof IOException gone)) return true;
        LOG.log(Level.FINE, "client went away before its response was complete: {0}", gone.toString());
        return false;
    }
}
