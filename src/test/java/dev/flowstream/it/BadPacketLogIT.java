package dev.flowstream.it;

import dev.flowstream.testing.RawEngineIoSocket;
import dev.flowstream.testing.RecordedWarnings;
import dev.flowstream.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.logging.LogRecord;

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

    @RegisterExtension
    final RecordedWarnings warnings = new RecordedWarnings();

    @Test
    void many_unparsable_socket_io_packets_write_one_short_warning() throws Exception {
        for (int i = 0; i < BAD_PACKETS; i++) {
            try (RawEngineIoSocket ws = RawEngineIoSocket.open(server.port())) {
                ws.next();
                ws.send(i % 2 == 0 ? "42[\"unterminated\"" : "42{\"not\":\"an array\"");
                ws.closeCode();
            }
        }
        assertTrue(warnings.all().size() <= 1, "at most one warning for " + BAD_PACKETS + " bad packets: " + warnings.describe());
        for (LogRecord warning : warnings.all()) {
            assertEquals(null, warning.getThrown(), "no stack trace at WARNING");
            assertTrue(warning.getMessage().length() < 400, warning.getMessage());
        }
    }

}
