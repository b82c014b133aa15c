package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Checks a prediction body's headers before it is read (JSON sent as {@code application/json}, or
 * as {@code text/plain} as a browser's fetch sends a string body; a declared size within the
 * limit), and decodes it afterwards, refusing bytes that are not valid in its charset instead of
 * replacing them. Stateless; thread-safe.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Refuses what the headers already tell (415, 413); returns the charset to decode with. */
    static Charset check(HttpServletRequest request, long maxBytes) {
        checkContentType(request.getContentType());
        if (request.getContentLengthLong() > maxBytes) {
            throw new HttpException(413, "request body is larger than " + maxBytes + " bytes");
        }
        return charset(request.getCharacterEncoding());
    }

    static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpException.badRequest("request body is not valid " + charset.name()
                    + ": send the JSON as " + charset.name() + " text");
        }
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) return; // curl and some clients send none: try it as JSON
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.equals("text/plain") || mediaType.endsWith("+json")) {
            return;
        }
        throw new HttpException(415, "content type " + mediaType
                + " is not supported: send the body as application/json (or text/plain holding JSON)");
    }

    private static Charset charset(String name) {
        if (name == null) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new HttpException(415, "charset " + name + " is not supported: use UTF-8");
        }
    }
}
