package dev.flowstream.socketio;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/**
 * A polling POST's body, read in full beforehand, handed to the library as a request with an exact
 * length: the library trusts Content-Length blindly (a chunked body made it allocate a negative
 * array; a huge one, all of it up front). The library runs on our thread once the body is in, and
 * there a container may answer for the request line with another request's: Open Liberty returned
 * an earlier request's query string, so the library looked up the wrong session and answered
 * "Session ID unknown". What the library reads of the request line and its attributes therefore
 * comes from what was read on the container's thread. Stateless.
 */
final class PollingBodies {

    private PollingBodies() {
    }

    /** The request with its body already read into memory and its request line as first read. */
    static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;
        private final String queryString;
        private final Map<String, Object> attributes = new HashMap<>();

        Buffered(HttpServletRequest request, EngineIoRequest eio, byte[] body) {
            super(request);
            this.body = body;
            this.queryString = eio.rawQuery();
        }

        @Override
        public String getQueryString() {
            return queryString;
        }

        @Override
        public String getMethod() {
            return "POST";
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) attributes.remove(name);
            else attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
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
