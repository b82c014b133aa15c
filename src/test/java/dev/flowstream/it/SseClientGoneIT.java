package dev.flowstream.it;

import dev.flowstream.testing.RecordedWarnings;
import dev.flowstream.testing.RunningServer;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSE clients that leave mid-stream end their exchange quietly: a client going away is not an error. */
class SseClientGoneIT {

    private static final String PREDICTION = "/api/v1/prediction/" + TestServer.STUB_FLOW;

    @RegisterExtension
    static final RunningServer server = RunningServer.withStub();

    @RegisterExtension
    final RecordedWarnings warnings = new RecordedWarnings();

    @Test
    void clients_leaving_mid_stream_log_no_warning_and_the_server_serves_on() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                String body = "{\"question\":\"[[tokens=1500]] [[delay=2]] leaving\",\"streaming\":true}";
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + PREDICTION + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] some = new byte[4096];
                assertTrue(in.read(some) > 0, "the stream started");
            } // leaves with the stream running
        }
        Thread.sleep(5000); // the streams run on into closed connections and end
        HttpResponse<String> after = server.post(PREDICTION, "{\"question\":\"[[tokens=5]] after\",\"streaming\":true}",
                "application/json");
        assertEquals(200, after.statusCode());
        assertTrue(after.body().contains("\"[DONE]\""), after.body());
        assertTrue(warnings.all().isEmpty(), "logged: " + warnings.describe());
    }
}
