package dev.flowstream.chatflow.node;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ConfigDirs;
import dev.flowstream.chatflow.FlowFixture;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.RecordingSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.flowstream.chatflow.FlowFixture.await;
import static dev.flowstream.chatflow.FlowFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** API keys from {@code <configDir>/credentials.json}: after the node's own key, before the environment. */
class CredentialsTest {

    @TempDir
    Path configDir;
    private FlowFixture fixture;

    @BeforeEach
    void start() {
        fixture = new FlowFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void the_open_ai_credential_of_the_file_wins_over_the_environment() throws Exception {
        credentials("{\"openAIApi\": {\"openAIApiKey\": \"sk-from-file\"}}");

        await(run(FlowFixture.export("conversation-buffer"), Map.of("OPENAI_API_KEY", "sk-from-env")));

        assertEquals("Bearer sk-from-file", fixture.stub().lastAuthorization().orElseThrow());
    }

    @Test
    void a_node_names_its_credential_and_its_own_key_wins_over_the_file() throws Exception {
        credentials("{\"openAIApi\": {\"openAIApiKey\": \"sk-default\"}, \"work\": {\"openAIApiKey\": \"sk-work\"}}");

        ObjectNode named = ConfigDirs.withInputs(FlowFixture.export("conversation-buffer"), "chatOpenAI_0",
                Map.of("credential", "work"));
        await(run(named, Map.of()));
        assertEquals("Bearer sk-work", fixture.stub().lastAuthorization().orElseThrow());

        ObjectNode keyed = ConfigDirs.withInputs(FlowFixture.export("conversation-buffer"), "chatOpenAI_0",
                Map.of("openAIApiKey", "sk-node"));
        await(run(keyed, Map.of()));
        assertEquals("Bearer sk-node", fixture.stub().lastAuthorization().orElseThrow());
    }

    @Test
    void an_unreadable_file_loads_no_credentials_and_a_missing_key_names_the_variable() {
        credentials("{\"openAIApi\": ");
        ObjectNode export = FlowFixture.export("conversation-buffer");
        Chatflow flow = fixture.catalog(export, FlowFixture.settings(10, 60_000)).find("flow").orElseThrow();

        ChatflowException failure = failure(flow.run(new FlowRequest("hi", "c", Map.of(), List.of()), new RecordingSink()));

        assertEquals(ChatflowException.Kind.CONFIGURATION, failure.kind());
        assertEquals("chatOpenAI node chatOpenAI_0 has no API key: set OPENAI_API_KEY or the node's openAIApiKey input",
                failure.getMessage());
    }

    private java.util.concurrent.CompletionStage<FlowResult> run(ObjectNode export, Map<String, String> env) {
        ConfigDirs.withInputs(export, "chatOpenAI_0", Map.of("basepath", fixture.stub().baseUrl()));
        Chatflow flow = fixture.catalog(export, FlowFixture.settings(10, 60_000), env::get).find("flow").orElseThrow();
        return flow.run(new FlowRequest("hi", "c", Map.of(), List.of()), new RecordingSink());
    }

    private void credentials(String json) {
        try {
            Files.writeString(configDir.resolve(Credentials.FILE), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
