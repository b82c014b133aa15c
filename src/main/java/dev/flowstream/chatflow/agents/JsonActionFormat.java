package dev.flowstream.chatflow.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.AgentTool;
import dev.flowstream.chatflow.support.Messages;
import dev.flowstream.json.Json;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * LangChain's chat conversational agent format, which Flowise's {@code conversationalAgent} uses
 * with a model that cannot call tools: the node's system message, the conversation as messages, then
 * the question with the tools and the format; each reply is one JSON object (in a Markdown code block
 * or bare), {@code {"action": tool or "Final Answer", "action_input": ...}}; each tool output goes
 * back as a user message. A Markdown fence around the JSON is optional.
 *
 * <p>Threading: immutable.
 */
final class JsonActionFormat implements TextFormat {

    private static final String FINAL = "Final Answer";

    private final String system;

    JsonActionFormat(String system) {
        this.system = system;
    }

    @Override
    public List<ChatMessage> messages(List<AgentTool> tools, List<ChatTurn> history, String question, List<Step> steps) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(system));
        messages.addAll(Messages.of(history));
        String described = tools.stream().map(tool -> "> " + tool.name() + ": " + tool.specification().description())
                .collect(Collectors.joining("\n"));
        String names = tools.stream().map(AgentTool::name).collect(Collectors.joining(", "));
        messages.add(UserMessage.from("""
                TOOLS
                ------
                You can ask the user to run these tools to help answer the question:

                %s

                RESPONSE FORMAT
                ---------------
                Reply with one Markdown code block holding one JSON object, in one of two forms.
                To use a tool:
                ```json
                {"action": string, "action_input": string}
                ```
                where action is one of %s and action_input is the tool's input.
                To answer the user:
                ```json
                {"action": "Final Answer", "action_input": string}
                ```
                where action_input is your answer.

                USER'S INPUT
                ------------
                %s""".formatted(described, names, question)));
        for (Step step : steps) {
            messages.add(AiMessage.from(step.log()));
            messages.add(UserMessage.from("TOOL RESPONSE:\n---------------------\n" + step.observation() + "\n\n"
                    + "Answer the user's last input with what you know now, in the format above (one JSON code block)."));
        }
        return messages;
    }

    @Override
    public Decision read(String reply) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) return new Unreadable("Invalid format: reply with one JSON object of action and action_input", reply);
        JsonNode decision;
        try {
            decision = Json.reader().readTree(reply.substring(start, end + 1));
        } catch (IOException e) {
            return new Unreadable("Invalid format: the reply's JSON could not be read", reply);
        }
        if (!decision.path("action").isTextual()) return new Unreadable("Invalid format: the JSON needs an action", reply);
        JsonNode input = decision.path("action_input");
        String text = input.isValueNode() ? input.asText() : input.toString();
        String action = decision.path("action").asText().trim();
        return action.equals(FINAL) ? new Answer(text) : new Act(action, text, reply);
    }
}
