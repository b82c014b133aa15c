package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.TextSplitter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Flowise's {@code github} loader: the text files of the repository {@code repoLink} names, at
 * {@code branch} (default {@code main}), one document per file with its path as
 * {@code metadata.source} (and {@code repository}, {@code branch}), as LangChain's loader gives
 * them. {@code recursive} takes the files of subfolders too; {@code ignorePath} is a JSON list of
 * {@code .gitignore} patterns to leave out ({@link IgnorePaths}); files with a binary extension,
 * empty files and files that are not UTF-8 text are left out, as are files over 5 MB. The token is
 * the node's {@code githubApi} credential ({@code accessToken}) or {@code GITHUB_ACCESS_TOKEN}; a
 * public repository needs none. {@code githubBaseUrl} and {@code githubInstanceApi} name a GitHub
 * Enterprise server. {@code metadata} and {@code omitMetadataKeys} apply as {@link LoaderOutput}
 * applies them for every loader. The repository is read when documents are asked for; a request's
 * overrides may replace {@code metadata} and {@code omitMetadataKeys} only.
 *
 * <p>Threading: immutable after load; {@link #documents} blocks on the network.
 */
final class GithubNode implements DocumentLoader {

    static final String NAME = "github";
    static final int MAX_FILES = 5000;
    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 50L * 1024 * 1024;
    private static final ApiKeys TOKEN = new ApiKeys("accessToken", "githubApi", "GITHUB_ACCESS_TOKEN");
    private static final Set<String> OVERRIDABLE = Set.of("metadata", "omitMetadataKeys");
    private static final Logger LOG = Logger.getLogger(GithubNode.class.getName());

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final GithubRepo repo;
    private final String branch;
    private final boolean recursive;
    private final IgnorePaths ignored;
    private final int concurrency;
    private final Optional<TextSplitter> splitter;
    private final GithubApi api;

    private GithubNode(ExportNode node, Wiring wiring) {
        NodeInputs in = node.inputs();
        this.node = node;
        this.runtime = wiring.runtime();
        String baseUrl = root(node, "githubBaseUrl", in.text("githubBaseUrl"), GithubRepo.GITHUB);
        this.repo = GithubRepo.parse(node, baseUrl, in.text("repoLink")
                .orElseThrow(() -> node.failure("needs a repository link in its repoLink input")));
        this.branch = in.text("branch").map(String::trim).orElse("main");
        this.recursive = in.flag("recursive", false);
        this.ignored = in.json("ignorePath").map(json -> ignorePaths(node, json)).orElse(IgnorePaths.NONE);
        this.concurrency = in.integer("maxConcurrency").orElse(2);
        if (concurrency < 1 || concurrency > 20) throw node.failure("input maxConcurrency must be between 1 and 20");
        int retries = in.integer("maxRetries").orElse(2);
        if (retries < 0 || retries > 10) throw node.failure("input maxRetries must be between 0 and 10");
        LoaderOutput.inputMetadata(node, MetadataRule.INPUT_WINS); // a bad value fails the load, not a later upsert
        this.splitter = wiring.optional(node, "textSplitter", Role.TEXT_SPLITTER);
        String apiRoot = root(node, "githubInstanceApi", in.text("githubInstanceApi"), "https://api.github.com");
        this.api = new GithubApi(node, VendorApi.of(node, "GitHub", runtime).retrying(retries), apiRoot, runtime.workers());
    }

    static GithubNode load(ExportNode node, Wiring wiring) {
        return new GithubNode(node, wiring);
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        Optional<String> token = TOKEN.find(node, runtime);
        List<GithubApi.File> files = selected(api.files(repo, branch, token));
        List<Optional<String>> texts = api.texts(repo, files, token, concurrency);
        List<SourceDocument> documents = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String path = files.get(i).path();
            if (texts.get(i).isEmpty()) LOG.info(() -> "skipped " + path + " of " + repo.address() + ": not UTF-8 text");
            texts.get(i).ifPresent(text -> documents.add(new SourceDocument(text,
                    Map.of("source", path, "repository", repo.address(), "branch", branch))));
        }
        return LoaderOutput.finish(current, documents, splitter, MetadataRule.INPUT_WINS);
    }

    /** The files to read: in the folder, not ignored, not binary, not empty, not too large; too many fail. */
    private List<GithubApi.File> selected(List<GithubApi.File> files) {
        List<GithubApi.File> selected = new ArrayList<>();
        long bytes = 0;
        for (GithubApi.File file : files) {
            if (!repo.holds(file.path(), recursive) || ignored.ignores(file.path()) || BinaryFiles.named(file.path())) continue;
            if (file.size() == 0) continue;
            if (file.size() > MAX_FILE_BYTES) {
                LOG.info(() -> "skipped " + file.path() + " of " + repo.address() + ": larger than 5 MB");
                continue;
            }
            selected.add(file);
            bytes += file.size();
        }
        if (selected.size() > MAX_FILES || bytes > MAX_TOTAL_BYTES) {
            throw new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + NAME + ") would read "
                    + selected.size() + " files (" + bytes / (1024 * 1024) + " MB) of " + repo.address() + ": at most " + MAX_FILES
                    + " files and 50 MB are read; point repoLink at a folder (/tree/<branch>/<folder>) or use ignorePath");
        }
        return selected;
    }

    private static IgnorePaths ignorePaths(ExportNode node, JsonNode json) {
        List<String> patterns = new ArrayList<>();
        if (json.isTextual()) patterns.add(json.asText());
        json.forEach(pattern -> patterns.add(pattern.asText()));
        if (!json.isTextual() && !json.isArray()) {
            throw node.failure("input ignorePath must be a JSON list of paths to leave out, like [\"*.md\", \"drafts/\"]");
        }
        return IgnorePaths.of(patterns);
    }

    /** An http(s) address without a trailing slash: one of the node's GitHub addresses, else the default. */
    private static String root(ExportNode node, String input, Optional<String> given, String fallback) {
        String root = given.map(String::trim).orElse(fallback).replaceAll("/+$", "");
        try {
            URI uri = URI.create(root);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return root;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw node.failure("input " + input + " must be an http or https address, not " + root);
    }
}
