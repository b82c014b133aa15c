package dev.flowstream.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unstructured's partition API as documented ({@code POST /general/v0/general}, a
 * {@code multipart/form-data} body with the file under {@code files} and the options as fields, the
 * key in {@code UNSTRUCTURED-API-KEY}), on loopback. It partitions text files only: each paragraph
 * becomes an element, the first a {@code Title}, the others {@code NarrativeText}, with Unstructured's
 * usual metadata ({@code filename}, {@code filetype}, {@code languages}, {@code page_number}), plus
 * one element without text (a page break), which loaders leave out. A wrong key is answered 401.
 * Every form is recorded as its fields in order ({@code name=value}; the file as
 * {@code files=<filename>:<content>}).
 *
 * <p>Threading: requests are served on pooled threads; {@link #forms} is safe from any thread.
 */
public final class UnstructuredStub implements AutoCloseable {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\\S+)");
    private static final Pattern DISPOSITION = Pattern.compile("name=\"([^\"]*)\"(?:; filename=\"([^\"]*)\")?");

    private final StubServer server;
    private final String key;
    private final List<List<String>> forms = new CopyOnWriteArrayList<>();

    private UnstructuredStub(StubServer server, String key) {
        this.server = server;
        this.key = key;
    }

    public static UnstructuredStub start(String key) {
        UnstructuredStub stub = new UnstructuredStub(StubServer.bind("Unstructured stub", 0, 16, n -> "unstructured-stub-" + n), key);
        stub.server.handle("/general/v0/general", stub::partition).start();
        return stub;
    }

    /** The partition endpoint's address. */
    public String url() {
        return server.origin() + "/general/v0/general";
    }

    public List<List<String>> forms() {
        return List.copyOf(forms);
    }

    private void partition(HttpExchange exchange) throws IOException {
        StubServer.Received received = server.receive(exchange);
        if (!key.equals(exchange.getRequestHeaders().getFirst("UNSTRUCTURED-API-KEY"))) {
            StubJson.send(exchange, 401, StubJson.object().put("detail", "API key is invalid"));
            return;
        }
        Matcher boundary = BOUNDARY.matcher(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!exchange.getRequestMethod().equals("POST") || !boundary.find()) {
            StubJson.send(exchange, 422, StubJson.object().put("detail", "a multipart form is expected"));
            return;
        }
        List<String> fields = new ArrayList<>();
        String fileName = "";
        String text = "";
        for (String part : received.body().split("--" + Pattern.quote(boundary.group(1)))) {
            int blank = part.indexOf("\r\n\r\n");
            Matcher named = DISPOSITION.matcher(part);
            if (blank < 0 || !named.find()) continue;
            String value = part.substring(blank + 4, part.length() - 2);
            if (named.group(2) != null) {
                fileName = named.group(2);
                text = value;
            }
            fields.add(named.group(1) + "=" + (named.group(2) == null ? value : named.group(2) + ":" + value));
        }
        forms.add(fields);
        StubJson.send(exchange, 200, elements(fileName, text));
    }

    private static ArrayNode elements(String fileName, String text) {
        ArrayNode elements = StubJson.JSON.createArrayNode();
        String[] paragraphs = text.split("\n\n");
        for (int i = 0; i < paragraphs.length; i++) {
            ObjectNode element = elements.addObject().put("type", i == 0 ? "Title" : "NarrativeText")
                    .put("element_id", "e" + i).put("text", paragraphs[i].strip());
            element.putObject("metadata").put("filename", fileName).put("filetype", "text/plain").put("page_number", 1)
                    .putArray("languages").add("eng");
        }
        elements.addObject().put("type", "PageBreak").put("element_id", "pb").putObject("metadata");
        return elements;
    }

    @Override
    public void close() {
        server.close();
    }
}
