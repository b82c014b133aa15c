package dev.flowstream.chatflow.documentloaders;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page as a web loader fetched it: the address it was finally read from (after redirects), its
 * status, its media type and its bytes (bounded by the fetcher).
 *
 * <p>Threading: an immutable value (the body is not copied: nobody writes it).
 */
record WebPage(URI uri, int status, Optional<String> contentType, byte[] body) {

    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    boolean isHtml() {
        return contentType.map(type -> type.toLowerCase(Locale.ROOT))
                .map(type -> type.startsWith("text/html") || type.startsWith("application/xhtml+xml"))
                .orElse(true); // a server that names no type: read it as HTML, as browsers do
    }

    boolean isXml() {
        return contentType.map(type -> type.toLowerCase(Locale.ROOT))
                .map(type -> type.startsWith("application/xml") || type.startsWith("text/xml"))
                .orElse(false);
    }

    /** The charset the Content-Type names, if it names a known one. */
    Optional<Charset> charset() {
        Matcher charset = CHARSET.matcher(contentType.orElse(""));
        if (!charset.find()) return Optional.empty();
        try {
            return Optional.of(Charset.forName(charset.group(1)));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /** The body as text in the charset the server named, else UTF-8. */
    String text() {
        return new String(body, charset().orElse(StandardCharsets.UTF_8));
    }
}
