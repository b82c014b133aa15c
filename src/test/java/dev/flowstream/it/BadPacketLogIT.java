package dev.flowstream.it;

import dev.flowstream.testing.RawEngineIoSocket;
import dev.flowstream.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client sending packets the socket.io library cannot parse costs the log one short line, not
 * a stack trace per packet: before, one nested 600-byte packet wrote 2,000 lines at WARNING.
 */
class BadPacketLogIT {

    private static final int BAD_PACKETS = 30;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void record_warnings() {
        Logger.getLogger("").addHandler(recorder);
    }

    @AfterEach
    void stop_recording() {
        Logger.getLogger("").removeHandler(recorder);
    }

    @Test
    void many_unparsable_socket_io_packets_write_one_short_warning() throws Exception {
        for (int i = 0; i < BAD_PACKETS; i++) {
            try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
                ws.next();
                ws.send(i % 2 == 0 ? "42[\"unterminated\"" : "42{\"not\":\"an array\"");
                ws.closeCode();
            }
        }
        assertTrue(warnings.size() <= 1, "at most one warning for " + BAD_PACKETS + " bad packets: " + describe());
        for (LogRecord warning : warnings) {
            assertEquals(null, warning.getThrown(), "no stack trace at WARNING");
            assertTrue(warning.getMessage().length() < 400, warning.getMessage());
        }
    }

    private String describe() {
        return warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList().toString();
    }
}
