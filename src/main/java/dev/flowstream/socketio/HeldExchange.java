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
import java.util.function.UnaryOperator;

/**
 * One polling request run synchronously into memory: the request claims no async support (so the
 * library answers inline) and the response body is held until {@link #commit}, or never sent when
 * we answer instead. Single-threaded: lives within one call into the library.
 */
final class HeldExchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private PrintWriter writer;

    HeldExchange(HttpServletRequest request, HttpServletResponse response) {
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

    /** Sends the held answer, changed by {@code edit} (the answer is text). */
    void commit(UnaryOperator<String> edit) throws IOException {
        if (writer != null) writer.flush();
        byte[] bytes = edit.apply(body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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
