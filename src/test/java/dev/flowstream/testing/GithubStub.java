package dev.flowstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for one repository, as its documentation describes the two calls the GitHub
 * loader makes: {@code GET /repos/{owner}/{repo}/git/trees/{branch}?recursive=1} (every blob and
 * tree of the branch, sorted by path, with sizes and git's blob SHA-1s) and
 * {@code GET /repos/{owner}/{repo}/git/blobs/{sha}} (the content in base64, wrapped at 60
 * characters). Also served under {@code /api/v3}, GitHub Enterprise's API root. A repository
 * created with a token answers 401 ({@code Bad credentials}) to requests without
 * {@code Authorization: Bearer <token>}; an unknown repository, branch or blob answers 404. The
 * requests are recorded with the headers a client must send; {@link #failNext} makes the next
 * requests fail with a status, {@link #delayBlobs} slows blobs down.
 *
 * <p>Threading: requests are served on pooled threads; the records are concurrent.
 */
public final class GithubStub implements AutoCloseable {

    /** One request: method, path with query, and the headers GitHub asks clients to send. */
    public record Request(String line, Optional<String> authorization, Optional<String> accept, Optional<String> apiVersion,
                          Optional<String> userAgent) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUTE = Pattern.compile("(?:/api/v3)?/repos/([^/]+)/([^/]+)/git/(trees|blobs)/([^/?]+)");

    private final StubServer server;
    private final String owner;
    private final String repo;
    private final String branch;
    private final Optional<String> token;
    private final Map<String, byte[]> files;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile int failureStatus;
    private volatile long blobDelayMillis;
    private volatile boolean truncated;

    private GithubStub(StubServer server, String owner, String repo, String branch, Optional<String> token, Map<String, byte[]> files) {
        this.server = server;
        this.owner = owner;
        this.repo = repo;
        this.branch = branch;
        this.token = token;
        this.files = new TreeMap<>(files);
    }

    /** Serves {@code owner/repo} at {@code branch} with {@code files} (path to content); no token: a public repository. */
    public static GithubStub start(String owner, String repo, String branch, Optional<String> token, Map<String, byte[]> files) {
        GithubStub stub = new GithubStub(StubServer.bind("GitHub stub", 0, 64, n -> "github-stub-" + n), owner, repo, branch,
                token, files);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** The API's address, for a node's {@code githubInstanceApi}. */
    public String apiUrl() {
        return server.origin();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Each request as {@code GET /path?query}, in order. */
    public List<String> lines() {
        return requests.stream().map(Request::line).toList();
    }

    /** The next {@code count} requests answer {@code status}. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    public void delayBlobs(long millis) {
        blobDelayMillis = millis;
    }

    /** The most blob requests that were being answered at one time. */
    public int mostBlobsAtOnce() {
        return mostInFlight.get();
    }

    /** Trees are answered as GitHub answers a tree too large for one listing. */
    public void truncateTrees() {
        truncated = true;
    }

    private void serve(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query),
                header(exchange, "Authorization"), header(exchange, "Accept"), header(exchange, "X-GitHub-Api-Version"),
                header(exchange, "User-Agent")));
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, failureStatus, JSON.createObjectNode().put("message", "Server Error"));
            return;
        }
        if (token.isPresent() && !header(exchange, "Authorization").equals(Optional.of("Bearer " + token.get()))) {
            send(exchange, 401, JSON.createObjectNode().put("message", "Bad credentials"));
            return;
        }
        Matcher route = ROUTE.matcher(path);
        if (!route.matches() || !route.group(1).equals(owner) || !route.group(2).equals(repo)) {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
        } else if (route.group(3).equals("trees")) {
            tree(exchange, route.group(4), query);
        } else {
            blob(exchange, route.group(4));
        }
    }

    private void tree(HttpExchange exchange, String ref, String query) throws IOException {
        if (!ref.equals(branch) || !"recursive=1".equals(query)) {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("sha", sha("tree", new byte[0]));
        ArrayNode tree = answer.putArray("tree");
        TreeSet<String> folders = new TreeSet<>();
        files.keySet().forEach(path -> {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) folders.add(path.substring(0, slash));
        });
        TreeSet<String> entries = new TreeSet<>(files.keySet());
        entries.addAll(folders);
        for (String entry : entries) {
            ObjectNode node = tree.addObject().put("path", entry);
            if (folders.contains(entry)) {
                node.put("mode", "040000").put("type", "tree").put("sha", sha("tree", entry.getBytes(StandardCharsets.UTF_8)));
            } else {
                node.put("mode", "100644").put("type", "blob").put("sha", sha("blob", files.get(entry)))
                        .put("size", files.get(entry).length);
            }
        }
        send(exchange, 200, answer.put("truncated", truncated));
    }

    private void blob(HttpExchange exchange, String sha) throws IOException {
        Optional<byte[]> content = files.values().stream().filter(bytes -> sha("blob", bytes).equals(sha)).findFirst();
        if (content.isEmpty()) {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
            return;
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            StubReply.pause(blobDelayMillis);
            String base64 = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content.get());
            send(exchange, 200, JSON.createObjectNode().put("sha", sha).put("size", content.get().length)
                    .put("content", base64).put("encoding", "base64"));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Git's object id: SHA-1 of {@code "<type> <length>\0"} and the content. */
    private static String sha(String type, byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update((type + " " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
