package dev.flowstream.chatflow.chains;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NamedPrompt;
import dev.flowstream.chatflow.node.NamedRetriever;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The routing step of LangChain's {@code MultiRetrievalQAChain} and {@code MultiPromptChain}: the
 * router prompt, listing each retriever or prompt as {@code name: description}, and the reading of
 * the model's answer, a JSON object {@code {"destination": name or "DEFAULT", "next_inputs":
 * {"query": ...}}} ({@code "input"} for prompts), fenced in a markdown
 * code block or bare. {@code DEFAULT} (any case) or no destination means no retriever fits. An
 * answer that is not that JSON fails the run, as LangChain's parser does. Immutable.
 */
final class RetrieverRouter {

    /** Where the question goes: a retriever's name, or none (the chain's default answer), and the query for it. */
    record Route(Optional<String> destination, String query) {
    }

    static final String PROMPT_HEAD = "Given a query to a question answering system, select the system best suited for "
            + "the input. You will be given the names of the available systems and a description of what questions the "
            + "system is best suited for. You may also revise the original input if you think that revising it will "
            + "ultimately lead to a better response.\n\n" + formatting("query");
    /** LangChain's {@code MultiPromptChain} router: the same answer, with {@code next_inputs.input}. */
    static final String PROMPTS_HEAD = "Given a raw text input to a language model, select the model prompt best suited "
            + "for the input. You will be given the names of the available prompts and a description of what the prompt "
            + "is best suited for. You may also revise the original input if you think that revising it will ultimately "
            + "lead to a better response from the language model.\n\n" + formatting("input");

    private final ExportNode node;
    private final String head;
    private final String inputKey;
    private final String candidates;

    private RetrieverRouter(ExportNode node, String head, String inputKey, List<String> candidates) {
        this.node = node;
        this.head = head;
        this.inputKey = inputKey;
        this.candidates = String.join("\n", candidates);
    }

    RetrieverRouter(ExportNode node, List<NamedRetriever> retrievers) {
        this(node, PROMPT_HEAD, "query", retrievers.stream().map(r -> r.name() + ": " + r.description()).toList());
    }

    /** The router of a {@code multiPromptChain}: the same answer, its query under {@code next_inputs.input}. */
    static RetrieverRouter forPrompts(ExportNode node, List<NamedPrompt> prompts) {
        return new RetrieverRouter(node, PROMPTS_HEAD, "input", prompts.stream().map(p -> p.name() + ": " + p.description()).toList());
    }

    /** The router prompt for {@code question}. */
    String prompt(String question) {
        return head + candidates + "\n\n<< INPUT >>\n" + question + "\n\n<< OUTPUT >>\n";
    }

    /** Reads the model's answer; a {@code next_inputs} given as plain text is taken as the query. */
    Route route(String answer) {
        JsonNode json = json(answer);
        JsonNode next = json.path("next_inputs");
        JsonNode query = next.isTextual() ? next : next.path(inputKey);
        if (!json.isObject() || !query.isTextual()) throw unreadable();
        JsonNode destination = json.path("destination");
        if (!destination.isMissingNode() && !destination.isNull() && !destination.isTextual()) throw unreadable();
        Optional<String> named = Optional.ofNullable(destination.textValue()).filter(name -> !name.equalsIgnoreCase("DEFAULT"));
        return new Route(named, query.asText());
    }

    /** LangChain's format instructions for the router's answer, the query under {@code next_inputs.<key>}. */
    private static String formatting(String key) {
        return "<< FORMATTING >>\nReturn a markdown code snippet with a JSON object formatted to look like:\n```json\n{\n"
                + "  \"destination\": string // name of the question answering system to use or \"DEFAULT\" (optional)\n"
                + "  \"next_inputs\": {\n    \"" + key + "\": string // a potentially modified version of the original input\n"
                + "  } // input to be fed to the next model\n}\n```\n\nREMEMBER: \"destination\" MUST be one of the candidate "
                + "prompt names specified below OR it can be \"DEFAULT\" if the input is not well suited for any of the "
                + "candidate prompts.\nREMEMBER: \"next_inputs." + key + "\" can just be the original input if you don't "
                + "think any modifications are needed.\n\n<< CANDIDATE PROMPTS >>\n";
    }

    private JsonNode json(String answer) {
        String text = answer.strip();
        if (text.contains("```")) {
            String[] parts = text.split("```(?:json)?", -1);
            text = parts.length > 1 ? parts[1] : "";
        }
        try {
            JsonNode json = Json.reader().readTree(text.strip());
            return json == null ? Json.reader().createObjectNode() : json;
        } catch (IOException e) {
            throw unreadable();
        }
    }

    private ChatflowException unreadable() {
        return new ChatflowException(ChatflowException.Kind.CHAIN, "node " + node.id() + " (" + node.name()
                + "): the model's routing answer is not the JSON object its prompt asks for, with next_inputs." + inputKey);
    }
}
