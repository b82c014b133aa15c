package dev.flowstream.testing;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A request and a response for calling a servlet without a container. The request answers its
 * method, query, attributes and an empty set of headers; any method named in {@code failing}
 * throws the exception given for it. Everything else returns its type's default. Test-only;
 * single-threaded.
 */
public final class FakeHttp {

    private FakeHttp() {
    }

    public static HttpServletRequest request(String method, String query, Map<String, RuntimeException> failing) {
        Map<String, Object> attributes = new HashMap<>();
        InvocationHandler handler = (proxy, called, args) -> {
            if (failing.containsKey(called.getName())) throw failing.get(called.getName());
            return switch (called.getName()) {
                case "getMethod" -> method;
                case "getQueryString" -> query;
                case "getRemoteAddr" -> "127.0.0.1";
                case "getHeaderNames", "getHeaders" -> Collections.emptyEnumeration();
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "getContentLengthLong" -> -1L;
                case "getContentLength" -> -1;
                default -> defaultOf(called.getReturnType());
            };
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, handler);
    }

    /** A response that keeps its status, headers and body for the test to read. */
    public static final class Response {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Map<String, String> headers = new HashMap<>();
        private int status = 200;
        private final HttpServletResponse proxy = (HttpServletResponse) Proxy.newProxyInstance(
                FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, this::invoke);

        public HttpServletResponse servletResponse() {
            return proxy;
        }

        public int status() {
            return status;
        }

        public String header(String name) {
            return headers.get(name);
        }

        public String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        private Object invoke(Object self, java.lang.reflect.Method called, Object[] args) {
            switch (called.getName()) {
                case "setStatus" -> status = (Integer) args[0];
                case "getStatus" -> {
                    return status;
                }
                case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                case "resetBuffer", "reset" -> body.reset();
                case "getOutputStream" -> {
                    return new Capture(body);
                }
                case "getWriter" -> {
                    return new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true);
                }
                default -> {
                    return defaultOf(called.getReturnType());
                }
            }
            return null;
        }
    }

    private static Object defaultOf(Class<?> type) {
        if (type == boolean.class) return false;
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        return null;
    }

    private static final class Capture extends ServletOutputStream {
        private final ByteArrayOutputStream body;

        Capture(ByteArrayOutputStream body) {
            this.body = body;
        }

        @Override
        public void write(int b) {
            body.write(b);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("a fake response is written synchronously");
        }
    }
}
