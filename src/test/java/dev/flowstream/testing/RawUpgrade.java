package dev.flowstream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade written by hand, so a test controls every header (their case included) and
 * sees what the server answers before any client library interprets it: the status line and the
 * first frame after a 101.
 *
 * @param statusLine   e.g. {@code HTTP/1.1 101 Switching Protocols}
 * @param firstOpcode  opcode of the first frame after a 101 (1 text, 8 close), or -1
 * @param closeCode    the close code when that frame is a close, else -1
 * @param firstText    the payload when that frame is text, else empty
 */
public record RawUpgrade(String statusLine, int firstOpcode, int closeCode, String firstText) {

    /** Sends {@code GET <path>} as an upgrade to {@code 127.0.0.1:port} with the given Host and Origin headers. */
    public static RawUpgrade send(int port, String path, String host, String originHeader, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + originHeader + ": " + origin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String status = head.lines().findFirst().orElse("");
            if (!status.startsWith("HTTP/1.1 101")) return new RawUpgrade(status, -1, -1, "");
            return readFrame(status, in);
        }
    }

    public boolean upgraded() {
        return statusLine.startsWith("HTTP/1.1 101");
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static RawUpgrade readFrame(String status, InputStream in) throws IOException {
        try {
            int first = in.read();
            if (first < 0) return new RawUpgrade(status, -1, -1, "");
            int length = in.read() & 0x7f; // server frames are unmasked
            if (length == 126) length = (in.read() << 8) | in.read();
            byte[] payload = in.readNBytes(length);
            int opcode = first & 0x0f;
            int code = opcode == 8 && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
            String text = opcode == 1 ? new String(payload, StandardCharsets.UTF_8) : "";
            return new RawUpgrade(status, opcode, code, text);
        } catch (SocketTimeoutException e) {
            return new RawUpgrade(status, -1, -1, "");
        }
    }
}
