package dev.flowstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.testing.EmbeddingStub;
import dev.flowstream.testing.GithubStub;
import dev.flowstream.testing.OpenAiStub;
import dev.flowstream.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flowstream.it.TemplateFlows.ask;
import static dev.flowstream.it.TemplateFlows.awaitFlow;
import static dev.flowstream.it.TemplateFlows.sourcesAfterTokens;
import static dev.flowstream.it.TemplateFlows.template;
import static dev.flowstream.it.TemplateFlows.upsert;
import static dev.flowstream.testing.StreamAssertions.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowise's own "Flowise Docs QnA" (flowise 1.8.4) and "Github Docs QnA" (flowise 3.1.4) templates
 * (github loader with a markdownTextSplitter, openAIEmbeddings, memoryVectorStore, chatOpenAI,
 * conversationalRetrievalQAChain) through the whole server: the loader's repository, as the
 * template names it, is served by a local stub of GitHub's API given as {@code githubInstanceApi};
 * the token comes from the {@code githubApi} credential. The upsert reads the repository's
 * Markdown files, and a streamed answer names the file it used.
 */
class GithubDocsQnaIT {

    private static final String TOKEN = "ghp-docs-token";

    private GithubStub github;
    private OpenAiStub model;
    private EmbeddingStub embeddings;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", bytes("# Flowise Docs\nThe documentation of Flowise."));
        files.put("en/getting-started/README.md", bytes("# Get started\nInstall Flowise with npm install -g flowise, then run npx flowise start."));
        files.put("en/integrations/vector-stores/pinecone.md", bytes("# Pinecone\nUpsert your embedded data into a Pinecone index."));
        files.put(".gitbook/assets/screenshot.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        github = GithubStub.start("FlowiseAI", "FlowiseDocs", "main", Optional.of(TOKEN), files);
        model = OpenAiStub.start();
        embeddings = EmbeddingStub.start();
        server = TestServer.start(model);
        Files.writeString(server.configDir().resolve("credentials.json"), "{\"githubApi\": {\"accessToken\": \"" + TOKEN + "\"}}");
        server = server.restarted(); // credentials are read when the server starts
    }

    @AfterEach
    void stop() {
        server.close();
        embeddings.close();
        model.close();
        github.close();
    }

    @Test
    void flowise_1_8_4_flowise_docs_qna_answers_from_the_repository_s_files() throws Exception {
        assertAnswersFromTheRepository("flowise@1.8.4", "Flowise Docs QnA");
    }

    @Test
    void flowise_3_1_4_github_docs_qna_answers_from_the_repository_s_files() throws Exception {
        assertAnswersFromTheRepository("flowise@3.1.4", "Github Docs QnA");
    }

    @Test
    void a_wrong_token_fails_the_upsert_with_a_502_naming_the_node() throws Exception {
        write("wrong-token", "flowise@3.1.4", "Github Docs QnA", Map.of("accessToken", "ghp-wrong"));

        HttpResponse<String> upsert = server.post("/api/v1/vector/upsert/wrong-token", "", "application/json");

        assertEquals(502, upsert.statusCode(), upsert.body());
        assertEquals("node github_0 (github): GitHub answered HTTP 401 to GET /repos/FlowiseAI/FlowiseDocs/git/trees/main",
                JSON.readTree(upsert.body()).path("message").asText());
    }

    private void assertAnswersFromTheRepository(String version, String name) throws Exception {
        write("docs", version, name, Map.of());
        assertEquals(List.of(), github.lines(), "loading the flow reads nothing");

        assertEquals(3, upsert(server, "docs"));
        assertTrue(github.requests().stream().allMatch(request -> request.authorization().equals(Optional.of("Bearer " + TOKEN))));

        List<JsonNode> events = ask(server, "docs", "How do I install Flowise and start it?");
        assertEquals("en/getting-started/README.md", sourcesAfterTokens(events).get(0), events.toString());
    }

    private void write(String id, String version, String name, Map<String, Object> github) throws Exception {
        Map<String, Object> loader = new LinkedHashMap<>(github);
        loader.put("githubInstanceApi", this.github.apiUrl());
        String export = template(version, name, Map.of(
                "github_0", loader,
                "chatOpenAI_0", Map.of("basepath", model.baseUrl()),
                "openAIEmbeddings_0", Map.of("basepath", embeddings.openAiBaseUrl()))).toString();
        Files.writeString(server.configDir().resolve("chatflows/" + id + ".json"), export);
        awaitFlow(server, id);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
