package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.ProviderFixture;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.testing.GithubStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The github loader against a stub of GitHub's git trees and blobs API serving a small handbook repository. */
class GithubNodeTest {

    private static final String REPO = "https://github.com/acme/handbook";
    private static final String TOKEN = "ghp-test-token";

    @TempDir
    Path configDir;
    private final Map<String, String> environment = new HashMap<>();
    private GithubStub github;
    private FlowRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
        if (github != null) github.close();
    }

    @Test
    void the_text_files_of_the_branch_become_documents_named_by_path_with_the_token_sent_to_the_api() throws Exception {
        Files.writeString(configDir.resolve("credentials.json"), "{\"githubApi\": {\"accessToken\": \"" + TOKEN + "\"}}");
        start(Optional.of(TOKEN));

        List<SourceDocument> documents = load(Map.of("repoLink", REPO, "recursive", true)).documents(Map.of());

        assertEquals(List.of(
                document("# Handbook\nWelcome aboard.", "README.md"),
                document("Run make setup.", "docs/guide/setup.md"),
                document("Otters hold hands.", "docs/intro.md"),
                document("print('hi')\n", "scripts/hello.py")), documents);
        assertEquals(List.of("GET /repos/acme/handbook/git/trees/main?recursive=1"), github.lines().subList(0, 1));
        assertEquals(6, github.lines().size(), "the tree and one blob per file of a text kind: " + github.lines());
        github.requests().forEach(request -> {
            assertEquals(Optional.of("Bearer " + TOKEN), request.authorization());
            assertEquals(Optional.of("application/vnd.github+json"), request.accept());
            assertEquals(Optional.of("2022-11-28"), request.apiVersion());
            assertTrue(request.userAgent().isPresent());
        });
    }

    @Test
    void without_recursive_only_the_top_folder_is_read_and_a_tree_link_reads_one_folder() {
        start(Optional.empty());

        assertEquals(List.of("README.md"), sources(load(Map.of("repoLink", REPO)).documents(Map.of())));
        assertEquals(List.of("docs/intro.md"), sources(load(Map.of("repoLink", REPO + "/tree/main/docs")).documents(Map.of())));
        assertEquals(List.of("docs/guide/setup.md", "docs/intro.md"),
                sources(load(Map.of("repoLink", REPO + "/tree/main/docs", "recursive", "true")).documents(Map.of())));
        assertTrue(github.requests().stream().allMatch(request -> request.authorization().isEmpty()), "no token, none sent");
    }

    @Test
    void ignore_paths_leave_out_what_they_match_as_a_gitignore_would() {
        start(Optional.empty());

        List<SourceDocument> documents = load(Map.of("repoLink", REPO, "recursive", true,
                "ignorePath", "[\"*.py\", \"docs/\", \"!docs/intro.md\"]")).documents(Map.of());

        assertEquals(List.of("README.md"), sources(documents));
    }

    @Test
    void the_token_may_come_from_github_access_token_and_a_wrong_one_is_the_provider_s_failure_naming_the_node() {
        environment.put("GITHUB_ACCESS_TOKEN", TOKEN);
        start(Optional.of(TOKEN));
        assertEquals(1, load(Map.of("repoLink", REPO)).documents(Map.of()).size());

        environment.put("GITHUB_ACCESS_TOKEN", "ghp-wrong");
        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("repoLink", REPO)).documents(Map.of()));
        assertEquals(Kind.PROVIDER, failure.kind());
        assertEquals("node github_0 (github): GitHub answered HTTP 401 to GET /repos/acme/handbook/git/trees/main",
                failure.getMessage());
    }

    @Test
    void an_unknown_branch_is_the_provider_s_failure_and_a_server_error_is_tried_again_up_to_max_retries() {
        start(Optional.empty());
        ChatflowException unknown = assertThrows(ChatflowException.class,
                () -> load(Map.of("repoLink", REPO, "branch", "gone")).documents(Map.of()));
        assertEquals("node github_0 (github): GitHub answered HTTP 404 to GET /repos/acme/handbook/git/trees/gone",
                unknown.getMessage());

        github.failNext(1, 502);
        assertEquals(1, load(Map.of("repoLink", REPO)).documents(Map.of()).size());

        github.failNext(1, 500);
        ChatflowException once = assertThrows(ChatflowException.class,
                () -> load(Map.of("repoLink", REPO, "maxRetries", "0")).documents(Map.of()));
        assertEquals(Kind.PROVIDER, once.kind());
        assertEquals("node github_0 (github): GitHub answered HTTP 500 to GET /repos/acme/handbook/git/trees/main",
                once.getMessage());
    }

    @Test
    void a_github_enterprise_server_is_read_through_its_own_api_address() {
        start(Optional.empty());

        List<SourceDocument> documents = load(Map.of("repoLink", "https://git.acme.test/acme/handbook",
                "githubBaseUrl", "https://git.acme.test/", "githubInstanceApi", github.apiUrl() + "/api/v3/")).documents(Map.of());

        assertEquals(Map.of("source", "README.md", "repository", "https://git.acme.test/acme/handbook", "branch", "main"),
                documents.get(0).metadata());
        assertTrue(github.lines().stream().allMatch(line -> line.startsWith("GET /api/v3/repos/acme/handbook/")), github.lines().toString());
    }

    @Test
    void blobs_are_fetched_at_most_max_concurrency_at_a_time() {
        start(Optional.empty());
        github.delayBlobs(300);

        assertEquals(4, load(Map.of("repoLink", REPO, "recursive", true, "maxConcurrency", "2")).documents(Map.of()).size());

        assertEquals(2, github.mostBlobsAtOnce());
    }

    @Test
    void metadata_is_added_and_omitted_keys_removed() {
        start(Optional.empty());

        SourceDocument readme = load(Map.of("repoLink", REPO, "metadata", Map.of("team", "docs"),
                "omitMetadataKeys", "repository,branch")).documents(Map.of()).get(0);

        assertEquals(Map.of("source", "README.md", "team", "docs"), readme.metadata());
    }

    @Test
    void a_link_that_is_not_a_repository_or_bad_settings_fail_the_load_naming_the_input() {
        start(Optional.empty());
        assertEquals("node github_0 (github) input repoLink must be a repository link like https://github.com/owner/repo "
                + "(optionally /tree/<branch>/<folder>), not https://gitlab.com/acme/handbook", assertThrows(FlowLoadException.class,
                () -> load(Map.of("repoLink", "https://gitlab.com/acme/handbook"))).getMessage());
        assertEquals("node github_0 (github) input githubInstanceApi must be an http or https address, not file:///etc",
                assertThrows(FlowLoadException.class, () -> load(Map.of("repoLink", REPO, "githubInstanceApi", "file:///etc")))
                        .getMessage());
        assertEquals("node github_0 (github) input ignorePath is not valid JSON",
                assertThrows(FlowLoadException.class, () -> load(Map.of("repoLink", REPO, "ignorePath", "*.md"))).getMessage());
        assertEquals("node github_0 (github) input maxConcurrency must be between 1 and 20",
                assertThrows(FlowLoadException.class, () -> load(Map.of("repoLink", REPO, "maxConcurrency", "0"))).getMessage());
        assertEquals(List.of(), github.lines(), "nothing is fetched while loading");
    }

    @Test
    void a_listing_github_truncated_fails_rather_than_loading_part_of_the_repository() {
        start(Optional.empty());
        github.truncateTrees();

        ChatflowException failure = assertThrows(ChatflowException.class, () -> load(Map.of("repoLink", REPO)).documents(Map.of()));
        assertEquals("node github_0 (github): GitHub listed only part of https://github.com/acme/handbook (it has too many "
                + "files for one listing)", failure.getMessage());
    }

    private void start(Optional<String> token) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", bytes("# Handbook\nWelcome aboard."));
        files.put("docs/intro.md", bytes("Otters hold hands."));
        files.put("docs/guide/setup.md", bytes("Run make setup."));
        files.put("scripts/hello.py", bytes("print('hi')\n"));
        files.put("assets/logo.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1});
        files.put("data/blob.txt", new byte[]{'a', 0, 'b'});
        files.put("docs/empty.md", new byte[0]);
        github = GithubStub.start("acme", "handbook", "main", token, files);
        runtime = new FlowRuntime(configDir, ConfigDirs.settings(), environment::get);
    }

    private GithubNode load(Map<String, Object> inputs) {
        Map<String, Object> withApi = new HashMap<>(inputs);
        withApi.putIfAbsent("githubInstanceApi", github.apiUrl());
        ExportNode node = ProviderFixture.node("github_0", GithubNode.NAME, withApi);
        return GithubNode.load(node, new LoaderWiring(runtime));
    }

    private static SourceDocument document(String text, String path) {
        return new SourceDocument(text, Map.of("source", path, "repository", REPO, "branch", "main"));
    }

    private static List<Object> sources(List<SourceDocument> documents) {
        return documents.stream().map(document -> document.metadata().get("source")).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
