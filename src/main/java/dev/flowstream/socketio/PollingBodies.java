package dev.flowstream.socketio;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A polling POST's body, read in full beforehand, handed to the library as a request with an exact
 * length: the library trusts Content-Length blindly (a chunked body made it allocate a negative
 * array; a huge one, all of it up front). Stateless.
 */
final class PollingBodies {

    private PollingBodies() {
    }

    /** The request with its body already read into memory. */
    static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new Stream(body);
        }
    }

    /** Serves the buffer; reads are clamped to the array, which the library's read loop is not. */
    private static final class Stream extends ServletInputStream {
        private final byte[] body;
        private int position;

        Stream(byte[] body) {
            this.body = body;
        }

        @Override
        public int read() {
            return position < body.length ? body[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= body.length) return -1;
            int n = Math.min(Math.min(length, target.length - offset), body.length - position);
            System.arraycopy(body, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public boolean isFinished() {
            return position >= body.length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("buffered body is read synchronously");
        }
    }
}
