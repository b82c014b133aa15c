package dev.flowstream.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small website on loopback for the web loaders' tests ("Otterly", a made-up product): linked
 * HTML pages, a sitemap, and the pages that go wrong: a 404, a PDF, a redirect, a redirect loop, a
 * redirect to {@code ftp:}, a page that answers late, one whose body trickles in, one over 5 MB.
 * <ul>
 *   <li>{@code /}: links to {@code /guide/}, {@code /faq}, {@code /missing}, {@code /files/report.pdf},
 *       another host, a {@code mailto:} and {@code /#top}; a script and a style.</li>
 *   <li>{@code /guide/}: links {@code install} (relative), {@code ../faq} and {@code /}.</li>
 *   <li>{@code /guide/install}: text and a {@code pre} block.</li>
 *   <li>{@code /faq}: a {@code div.answers} with two questions, outside it a footer.</li>
 *   <li>{@code /sitemap.xml}: {@code /faq}, {@code /guide/install}, a page of another host, {@code /};
 *       {@code /partners.xml}: only a page of another host; {@code /broken.xml}: {@code /missing} and the PDF.</li>
 * </ul>
 *
 * <p>Threading: requests are served on pooled threads; {@link #paths} is safe from any thread.
 */
public final class WebsiteStub implements AutoCloseable {

    public static final String HOME = """
            <!doctype html><html><head><title>Otterly</title><style>body { color: teal }</style>
            <script>window.tracking = "do not index";</script></head>
            <body><nav><a href="/guide/">Guide</a> | <a href="/faq">FAQ</a> | <a href="/missing">Old page</a>
            | <a href="/files/report.pdf">Report</a> | <a href="http://elsewhere.invalid/">Partner</a>
            | <a href="mailto:team@otterly.invalid">Mail</a> | <a href="/#top">Top</a></nav>
            <h1 id="top">Welcome to Otterly</h1>
            <p>Otterly   keeps your
               sea otters <b>organised</b>.</p></body></html>""";
    public static final String GUIDE = """
            <html><body><h1>Guide</h1><p>Start with <a href="install">installing Otterly</a>.</p>
            <p>Questions? Read the <a href="../faq">FAQ</a> or go <a href="/">home</a>.</p></body></html>""";
    public static final String INSTALL = """
            <html><body><h2>Install</h2><p>Install Otterly with one command:</p>
            <pre>curl -s otterly.invalid/install | sh
              --with-kelp</pre></body></html>""";
    public static final String FAQ = """
            <html><body><h1>FAQ</h1><div class="answers"><h3>Do otters sleep?</h3><p>They hold hands while they sleep.</p>
            <h3>What do they eat?</h3><p>Sea urchins and crabs.</p></div><footer>Copyright Otterly</footer></body></html>""";

    private final StubServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private WebsiteStub(StubServer server) {
        this.server = server;
    }

    public static WebsiteStub start() {
        WebsiteStub site = new WebsiteStub(StubServer.bind("website stub", 0, 64, n -> "website-stub-" + n));
        site.server.handle("/", site::serve).start();
        return site;
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public String url(String path) {
        return server.origin() + path;
    }

    /** The paths requested (with their query), in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(exchange.getRequestURI().getRawQuery() == null ? path : path + "?" + exchange.getRequestURI().getRawQuery());
        Map<String, String> pages = Map.of("/", HOME, "/guide/", GUIDE, "/guide/install", INSTALL, "/faq", FAQ);
        if (pages.containsKey(path)) {
            send(exchange, 200, "text/html; charset=utf-8", pages.get(path).getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (path) {
            case "/sitemap.xml" -> send(exchange, 200, "application/xml", sitemap().getBytes(StandardCharsets.UTF_8));
            case "/partners.xml" -> send(exchange, 200, "text/xml", """
                    <urlset><url><loc>http://elsewhere.invalid/</loc></url></urlset>""".getBytes(StandardCharsets.UTF_8));
            case "/broken.xml" -> send(exchange, 200, "text/xml", """
                    <urlset><url><loc>%1$s/missing</loc></url><url><loc>%1$s/files/report.pdf</loc></url></urlset>"""
                    .formatted(server.origin()).getBytes(StandardCharsets.UTF_8));
            case "/files/report.pdf" -> send(exchange, 200, "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
            case "/old-faq" -> redirect(exchange, "/faq");
            case "/loop" -> redirect(exchange, "/loop");
            case "/to-ftp" -> redirect(exchange, "ftp://127.0.0.1/pub/");
            case "/slow" -> {
                StubReply.pause(5_000);
                send(exchange, 200, "text/html", FAQ.getBytes(StandardCharsets.UTF_8));
            }
            case "/trickle" -> trickle(exchange);
            case "/huge" -> send(exchange, 200, "text/html", ("<p>" + "x".repeat(5 * 1024 * 1024) + "</p>").getBytes(StandardCharsets.US_ASCII));
            default -> send(exchange, 404, "text/html", "<h1>Not found</h1>".getBytes(StandardCharsets.UTF_8));
        }
    }

    private String sitemap() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>%1$s/faq</loc><lastmod>2026-01-01</lastmod></url>
                  <url><loc>%1$s/guide/install</loc></url>
                  <url><loc>http://elsewhere.invalid/page</loc></url>
                  <url><loc>%1$s/</loc></url>
                </urlset>""".formatted(server.origin());
    }

    /** Headers at once, then one byte every 200 ms for 10 s. */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 50 && StubReply.pause(200); i++) {
                out.write('x');
                out.flush();
            }
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(301, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
