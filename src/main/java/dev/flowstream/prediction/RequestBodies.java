package dev.flowstream.prediction;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Checks and reads a prediction body: JSON sent as {@code application/json} or as
 * {@code text/plain} (what a browser's fetch sends for a string body), at most a configured size.
 * Stateless; thread-safe.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static String read(HttpServletRequest request, long maxBytes) throws IOException {
        checkContentType(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(maxBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] chunk = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (out.size() + n > maxBytes) throw tooLarge(maxBytes);
                out.write(chunk, 0, n);
            }
        }
        return out.toString(charset(request));
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) return; // curl and some clients send none: try it as JSON
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.equals("text/plain") || mediaType.endsWith("+json")) {
            return;
        }
        throw new ApiException(415, "content type " + mediaType
                + " is not supported: send the body as application/json (or text/plain holding JSON)");
    }

    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        if (name == null) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ApiException(415, "charset " + name + " is not supported: use UTF-8");
        }
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "request body is larger than " + maxBytes + " bytes");
    }
}
