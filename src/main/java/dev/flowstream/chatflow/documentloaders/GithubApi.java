package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * GitHub's REST API as the GitHub loader reads a repository through it: the branch's whole tree in
 * one call ({@code GET /repos/{owner}/{repo}/git/trees/{branch}?recursive=1}), then each file's
 * blob ({@code GET /repos/{owner}/{repo}/git/blobs/{sha}}), {@code maxConcurrency} at a time. Every
 * call carries GitHub's recommended headers and, when there is one, the token as
 * {@code Authorization: Bearer}; it goes only to the API address the flow file names.
 *
 * <p>Threading: thread-safe; calls block and the blobs are fetched on the runtime's workers.
 */
final class GithubApi {

    /** A file of the tree: its path in the repository, its blob and its size in bytes. */
    record File(String path, String sha, long size) {
    }

    private final ExportNode node;
    private final VendorApi api;
    private final String root;
    private final Executor workers;

    /** @param root the API's address without a trailing slash, e.g. {@code https://api.github.com} */
    GithubApi(ExportNode node, VendorApi api, String root, Executor workers) {
        this.node = node;
        this.api = api;
        this.root = root;
        this.workers = workers;
    }

    /** Every file (blob) of the branch, in the tree's order. */
    List<File> files(GithubRepo repo, String branch, Optional<String> token) {
        JsonNode tree = api.get(uri(repo, "/git/trees/" + segment(branch) + "?recursive=1"), headers(token));
        if (tree.path("truncated").asBoolean(false)) {
            throw new ChatflowException(Kind.PROVIDER, who() + ": GitHub listed only part of " + repo.address()
                    + " (it has too many files for one listing)");
        }
        List<File> files = new ArrayList<>();
        for (JsonNode entry : tree.path("tree")) {
            if (entry.path("type").asText().equals("blob")) {
                files.add(new File(entry.path("path").asText(), entry.path("sha").asText(), entry.path("size").asLong()));
            }
        }
        return files;
    }

    /** Each file's text, in order; empty for one that is not UTF-8 text. The first failure is thrown. */
    List<Optional<String>> texts(GithubRepo repo, List<File> files, Optional<String> token, int concurrency) {
        AtomicReferenceArray<Optional<String>> texts = new AtomicReferenceArray<>(files.size());
        AtomicInteger next = new AtomicInteger();
        Runnable fetcher = () -> {
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                texts.set(i, text(repo, files.get(i), token));
            }
        };
        List<CompletableFuture<Void>> running = new ArrayList<>();
        try {
            for (int i = 0; i < Math.min(concurrency, files.size()); i++) running.add(CompletableFuture.runAsync(fetcher, workers));
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (RejectedExecutionException e) {
            throw new ChatflowException(Kind.CHAIN, "Flowstream is shutting down");
        } catch (CompletionException e) {
            next.set(files.size()); // the other fetchers stop after their current file
            if (e.getCause() instanceof ChatflowException failure) throw failure;
            throw new ChatflowException(Kind.CHAIN, who() + " failed reading the repository", e.getCause());
        }
        List<Optional<String>> ordered = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) ordered.add(texts.get(i));
        return ordered;
    }

    private Optional<String> text(GithubRepo repo, File file, Optional<String> token) {
        JsonNode blob = api.get(uri(repo, "/git/blobs/" + segment(file.sha())), headers(token));
        String content = blob.path("content").asText("");
        if (!blob.path("encoding").asText("base64").equals("base64")) return Optional.of(content);
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(content);
            for (byte b : bytes) {
                if (b == 0) return Optional.empty(); // binary content under a text-like name
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private URI uri(GithubRepo repo, String path) {
        return URI.create(root + "/repos/" + segment(repo.owner()) + "/" + segment(repo.name()) + path);
    }

    private static Map<String, String> headers(Optional<String> token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/vnd.github+json");
        headers.put("X-GitHub-Api-Version", "2022-11-28");
        headers.put("User-Agent", "Flowstream");
        token.ifPresent(value -> headers.put("Authorization", "Bearer " + value));
        return headers;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String who() {
        return "node " + node.id() + " (" + node.name() + ")";
    }
}
