package dev.flowstream.it;

import dev.flowstream.testing.OwnThreads;
import dev.flowstream.testing.ParkedThreads;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSE clients that stop reading are shed; they park no thread and delay no other stream. */
class SseSlowReaderIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;
    private static final int NON_READERS = 8; // twice as many as SSE writer threads there ever were

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of("flowstream.socket.queue.bytes", "65536"))
            .withSendBuffer(8 * 1024);

    @Test
    void readers_that_never_read_are_shed_while_a_reading_client_streams_on() throws Exception {
        List<NonReader> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < NON_READERS; i++) stalled.add(NonReader.start(server.port()));
            Thread.sleep(3000); // their streams have run into full buffers by now

            HttpResponse<String> good = CompletableFuture.supplyAsync(() -> server.post(PREDICTION,
                    "{\"question\":\"[[tokens=200]] reader\",\"streaming\":true}", "application/json")).get(20, TimeUnit.SECONDS);
            assertEquals(200, good.statusCode(), good.body());
            assertTrue(good.body().contains("\"[DONE]\""), "the reading client got its whole stream");

            List<String> parked = ParkedThreads.throughout(OwnThreads::isFlowstream, 10);
            assertTrue(parked.isEmpty(), "no thread of ours waits on a client: " + parked);

            for (NonReader reader : stalled) {
                String stream = reader.readToEnd();
                assertTrue(stream.contains("\"token\""), "it got the start of its stream");
                assertFalse(stream.contains("\"[DONE]\""), "its stream was cut off, not delivered in full");
            }
        } finally {
            for (NonReader reader : stalled) reader.close();
        }
    }

    /** An SSE prediction from a client with a tiny receive buffer that does not read until told. */
    static final class NonReader implements AutoCloseable {
        private final Socket socket;

        private NonReader(Socket socket) {
            this.socket = socket;
        }

        /** Asks for a long answer (about 40 s of tokens, 1.5 MB of events): still streaming while the test runs. */
        static NonReader start(int port) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            String body = "{\"question\":\"[[tokens=30000]] [[delay=1]] flood\",\"streaming\":true}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PREDICTION + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new NonReader(socket);
        }

        /** Reads until the server ends the connection (within the socket timeout). */
        String readToEnd() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) != -1) all.write(chunk, 0, n);
            } catch (java.net.SocketException reset) {
                // a shed connection may be reset rather than closed: what came before counts
            }
            return all.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
