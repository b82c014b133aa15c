package dev.flowstream.socketio;

import dev.flowstream.streaming.ThrottledLog;

import java.time.Duration;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the socket.io library's own warnings about client input short and rare. The library logs
 * every packet it cannot parse at WARNING with the whole stack trace (2,000 lines for one nested
 * packet), so a client could grow the log by megabytes a second. While installed, those warnings
 * become one line a minute at most (with how many were left out), the rest go to FINE.
 *
 * <p>Threading: {@link #install} and {@link #close} once each, at start and shutdown; the filter
 * itself is thread-safe.
 */
final class LibraryLogs implements AutoCloseable {

    /** The library's loggers that report bad client input. */
    private static final List<String> CLIENT_INPUT_LOGGERS = List.of(
            "io.socket.socketio.server.parser.IOParser",
            "io.socket.socketio.server.parser.Binary",
            "io.socket.socketio.server.utils.HasBinary");

    private final List<Logger> loggers; // held, so the filters stay on the loggers the library uses
    private final Filter filter;

    private LibraryLogs(List<Logger> loggers, Filter filter) {
        this.loggers = loggers;
        this.filter = filter;
    }

    static LibraryLogs install() {
        ThrottledLog throttled = new ThrottledLog(Logger.getLogger(LibraryLogs.class.getName()), Duration.ofMinutes(1));
        Filter filter = record -> {
            if (record.getLevel().intValue() < Level.WARNING.intValue()) return true;
            throttled.warn(() -> "socket.io refused a client's packet: " + record.getMessage(), record.getThrown());
            return false;
        };
        List<Logger> loggers = CLIENT_INPUT_LOGGERS.stream().map(Logger::getLogger).toList();
        loggers.forEach(logger -> logger.setFilter(filter));
        return new LibraryLogs(loggers, filter);
    }

    /** Takes the filters off again (a filter of ours left on a global logger would pin our class loader). */
    @Override
    public void close() {
        for (Logger logger : loggers) {
            if (logger.getFilter() == filter) logger.setFilter(null);
        }
    }
}
