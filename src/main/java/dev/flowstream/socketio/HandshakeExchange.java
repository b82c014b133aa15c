package dev.flowstream.socketio;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * One polling handshake run synchronously into memory: the request claims no async support (so the
 * library answers inline) and the response body is held until {@link #commit}. Single-threaded:
 * lives within one container call.
 */
final class HandshakeExchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private PrintWriter writer;

    HandshakeExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    HttpServletRequest request() {
        return new HttpServletRequestWrapper(request) {
            @Override
            public boolean isAsyncSupported() {
                return false;
            }
        };
    }

    HttpServletResponse response() {
        return new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() {
                return new Capture();
            }

            @Override
            public PrintWriter getWriter() {
                if (writer == null) writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
                return writer;
            }

            @Override
            public void setContentLength(int length) {
                // the length is set from the captured body in commit()
            }

            @Override
            public void flushBuffer() {
                // nothing leaves before commit()
            }
        };
    }

    void commit() throws IOException {
        if (writer != null) writer.flush();
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    private final class Capture extends ServletOutputStream {
        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            body.write(bytes, offset, length);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("handshake is written synchronously");
        }
    }
}
