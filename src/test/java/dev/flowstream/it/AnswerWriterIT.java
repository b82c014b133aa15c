package dev.flowstream.it;

import dev.flowstream.testing.JavaSocketClient;
import dev.flowstream.testing.ParkedThreads;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON answer of a prediction whose socket streamed over a websocket is written by a thread of
 * ours, without blocking: neither a container I/O thread (where the socket's last send completes)
 * nor one of our threads waits for an HTTP client that is slow to read.
 */
class AnswerWriterIT {

    private static final int TOKENS = 60_000; // a JSON answer of about 400 KB

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub(Map.of()).withSendBuffer(16 * 1024);

    @Test
    void a_large_answer_to_a_client_slow_to_read_arrives_whole_and_stalls_no_one() throws Exception {
        try (JavaSocketClient socket = JavaSocketClient.connect(server.baseUrl(), "websocket");
             Socket http = new Socket()) {
            http.setReceiveBufferSize(4096);
            http.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            http.setSoTimeout(30_000);
            String body = "{\"question\":\"[[tokens=" + TOKENS + "]] big\",\"socketIOClientId\":\"" + socket.id() + "\"}";
            OutputStream out = http.getOutputStream();
            out.write(("POST /api/v1/prediction/" + TestServer.STUB_FLOW + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(socket.awaitEnd(30), "the socket got its stream");

            // the answer is being written now, to a client that does not read: nothing waits for it
            Thread.sleep(500);
            List<String> parked = ParkedThreads.throughout(name -> true, 10);
            assertTrue(parked.isEmpty(), "no thread waits for the slow client: " + parked);
            for (int i = 0; i < 8; i++) {
                assertEquals("pong", ping().body(), "a new connection is served"); // each lands on some I/O thread
            }

            HttpResponse<String> answer = RawHttp.read(http.getInputStream());
            assertEquals(200, answer.statusCode(), answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body());
            String text = JSON.readTree(answer.body()).path("text").asText();
            assertTrue(text.endsWith("t" + (TOKENS - 1) + " "), "the whole answer arrived");
            assertEquals(socket.tokens(), text);
        }
    }

    private static HttpResponse<String> ping() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return RawHttp.read(socket.getInputStream());
        }
    }
}
