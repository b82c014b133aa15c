package dev.flowstream.chatflow.agents;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.AgentTool;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;

/**
 * How an agent that reads the model's text (not its tool calls) talks to the model: the messages
 * for one round, and what a reply means. LangChain's ReAct and conversational agents differ only
 * here.
 *
 * <p>Threading: implementations are immutable.
 */
interface TextFormat {

    /** One tool call already made this run: the model's text that asked for it, and the tool's output. */
    record Step(String log, String observation) {
    }

    /** What a reply means. */
    sealed interface Decision {
    }

    /** The final answer. */
    record Answer(String text) implements Decision {
    }

    /** Call {@code tool} with {@code input}; {@code log} is the reply, kept for the next round. */
    record Act(String tool, String input, String log) implements Decision {
    }

    /** A reply in neither form: the model is told {@code problem} and may try again. */
    record Unreadable(String problem, String log) implements Decision {
    }

    List<ChatMessage> messages(List<AgentTool> tools, List<ChatTurn> history, String question, List<Step> steps);

    Decision read(String reply);
}
