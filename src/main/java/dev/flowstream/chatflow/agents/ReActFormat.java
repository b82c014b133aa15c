package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.AgentTool;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * LangChain's ReAct chat format ({@code hwchase17/react-chat}, as Flowise's {@code reactAgentChat}
 * pulls it): one user message holding the tools, the format, the conversation so far, the question
 * and the scratchpad of {@code Thought/Action/Action Input/Observation} lines; a reply is a
 * {@code Final Answer:} or an {@code Action:} with its {@code Action Input:}. As the model is not
 * given LangChain's stop word, anything from an invented {@code Observation:} on is dropped.
 *
 * <p>Threading: stateless.
 */
final class ReActFormat implements TextFormat {

    private static final Pattern ACTION = Pattern.compile("Action\\s*\\d*\\s*:[\\s]*(.*?)[\\s]*Action\\s*\\d*\\s*Input\\s*\\d*\\s*:[\\s]*(.*)",
            Pattern.DOTALL);
    private static final String FINAL = "Final Answer:";
    private static final Pattern OBSERVATION = Pattern.compile("\\n\\s*Observation\\s*:");

    @Override
    public List<ChatMessage> messages(List<AgentTool> tools, List<ChatTurn> history, String question, List<Step> steps) {
        String described = tools.stream().map(tool -> tool.name() + ": " + tool.specification().description())
                .collect(Collectors.joining("\n"));
        String names = tools.stream().map(AgentTool::name).collect(Collectors.joining(", "));
        String conversation = history.stream().map(ChatTurn::message).collect(Collectors.joining("\n"));
        StringBuilder scratchpad = new StringBuilder();
        for (Step step : steps) scratchpad.append(step.log()).append("\nObservation: ").append(step.observation()).append("\nThought: ");
        return List.of(UserMessage.from("""
                You are an assistant that answers the human, using tools when they help.

                TOOLS:
                ------
                These tools are available:

                %s

                To use a tool, write exactly:

                Thought: Do I need to use a tool? Yes
                Action: the tool to use, one of [%s]
                Action Input: the input for the tool
                Observation: the tool's output

                When you can answer, or need no tool, write exactly:

                Thought: Do I need to use a tool? No
                Final Answer: your answer to the human

                Begin!

                Previous conversation history:
                %s

                New input: %s
                %s""".formatted(described, names, conversation, question, scratchpad)));
    }

    @Override
    public Decision read(String reply) {
        Matcher observation = OBSERVATION.matcher(reply);
        String text = observation.find() ? reply.substring(0, observation.start()) : reply;
        Matcher action = ACTION.matcher(text);
        boolean acts = action.find();
        int answerAt = text.indexOf(FINAL);
        if (answerAt >= 0 && !acts) return new Answer(text.substring(answerAt + FINAL.length()).trim());
        if (answerAt >= 0) {
            return new Unreadable("Invalid format: give either an Action with its Action Input or a Final Answer, not both", text);
        }
        if (!acts) return new Unreadable("Invalid format: missing 'Action:' after 'Thought:'", text);
        String input = action.group(2).trim().replaceAll("^\"|\"$", "");
        return new Act(action.group(1).trim(), input, text.stripTrailing());
    }
}
