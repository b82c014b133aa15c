package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading is dropped; nobody else waits for it. */
class SlowReaderIT {

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.socket.queue.bytes", "65536"));

    @Test
    void a_client_that_stops_reading_is_disconnected_and_does_not_delay_others() throws Exception {
        try (StalledWebSocket stalled = StalledWebSocket.connect(server.port())) {
            // ~6 MB of frames: more than the kernel's socket buffers (4 MB at most here) can hide
            CompletableFuture<HttpResponse<String>> flood = CompletableFuture.supplyAsync(() -> server.post(
                    "/api/v1/prediction/" + TestServer.STUB_FLOW,
                    "{\"question\":\"[[tokens=250000]] flood\",\"socketIOClientId\":\"" + stalled.socketId + "\"}",
                    "application/json"));

            try (JavaSocketClient other = JavaSocketClient.connect(server.baseUrl(), "websocket")) {
                HttpResponse<String> response = server.post("/api/v1/prediction/" + TestServer.STUB_FLOW,
                        "{\"question\":\"[[tokens=50]] meanwhile\",\"socketIOClientId\":\"" + other.id() + "\"}", "application/json");
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(other.awaitEnd(10), "the reading client got its whole stream");
                assertEquals(JSON.readTree(response.body()).path("text").asText(), other.tokens());
            }

            HttpResponse<String> flooded = flood.get(60, TimeUnit.SECONDS);
            assertEquals(200, flooded.statusCode(), "the run goes on without its socket");
            assertTrue(JSON.readTree(flooded.body()).path("text").asText().endsWith("t249999 "));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.registry().find(stalled.socketId).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(server.registry().find(stalled.socketId).isEmpty(), "the stalled socket was dropped");
        }
    }

    /** A hand-made websocket client: joins socket.io, then never reads again. */
    private static final class StalledWebSocket implements AutoCloseable {
        private final Socket socket;
        final String socketId;

        private StalledWebSocket(Socket socket, String socketId) {
            this.socket = socket;
            this.socketId = socketId;
        }

        static StalledWebSocket connect(int port) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            skipHeaders(in);
            String open = readText(in);
            assertTrue(open.startsWith("0{"), open);
            writeText(out, "40");
            String connected = readText(in);
            assertTrue(connected.startsWith("40{"), connected);
            return new StalledWebSocket(socket, JSON.readTree(connected.substring(2)).path("sid").asText());
        }

        private static void skipHeaders(DataInputStream in) throws IOException {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("closed during upgrade");
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        private static String readText(DataInputStream in) throws IOException {
            in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = (int) in.readLong();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new String(payload, StandardCharsets.UTF_8);
        }

        private static void writeText(OutputStream out, String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {1, 2, 3, 4};
            out.write(0x81);
            out.write(0x80 | payload.length);
            out.write(mask);
            for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
