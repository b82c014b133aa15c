package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.Capability;
import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code chatmodels} category: one line per provider. Each node is a streaming chat model
 * on the provider's LangChain4j client, built on first use. The {@code _LlamaIndex} models are the
 * same clients in the role Flowise's LlamaIndex nodes take them in.
 */
public final class ChatModelNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(ChatOpenAiNode.NAME, (node, wiring) -> ChatOpenAiNode.load(node, wiring.runtime()), Role.CHAT_MODEL)
                    .with(Capability.TOOL_CALLING),
            NodeType.of(ChatOpenAiCustomNode.NAME, (node, wiring) -> ChatOpenAiCustomNode.load(node, wiring.runtime()),
                    Role.CHAT_MODEL).with(Capability.TOOL_CALLING),
            NodeType.of(AzureChatOpenAiNode.NAME, (node, wiring) -> AzureChatOpenAiNode.load(node, wiring.runtime()), Role.CHAT_MODEL),
            NodeType.of(ChatOllamaNode.NAME, (node, wiring) -> ChatOllamaNode.load(node, wiring.runtime()), Role.CHAT_MODEL),
            NodeType.of(ChatMistralAiNode.NAME, (node, wiring) -> ChatMistralAiNode.load(node, wiring.runtime()), Role.CHAT_MODEL),
            NodeType.of(ChatAnthropicNode.NAME, (node, wiring) -> ChatAnthropicNode.load(node, wiring.runtime()), Role.CHAT_MODEL),
            NodeType.of(ChatGoogleGenerativeAiNode.NAME, (node, wiring) -> ChatGoogleGenerativeAiNode.load(node, wiring.runtime()),
                    Role.CHAT_MODEL),
            NodeType.of(ChatOpenAiNode.LLAMA_INDEX, (node, wiring) -> ChatOpenAiNode.load(node, wiring.runtime()),
                    Role.LLAMAINDEX_CHAT_MODEL).with(Capability.TOOL_CALLING),
            NodeType.of(AzureChatOpenAiNode.LLAMA_INDEX, (node, wiring) -> AzureChatOpenAiNode.load(node, wiring.runtime()),
                    Role.LLAMAINDEX_CHAT_MODEL),
            NodeType.of(ChatAnthropicNode.LLAMA_INDEX, (node, wiring) -> ChatAnthropicNode.load(node, wiring.runtime()),
                    Role.LLAMAINDEX_CHAT_MODEL),
            // the providers that speak OpenAI's chat completions at their own address: one adapter
            NodeType.of(CompatibleChatNode.GROQ, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.DEEPSEEK, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.OPEN_ROUTER, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.TOGETHER, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.FIREWORKS, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.CEREBRAS, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.SAMBANOVA, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.XAI, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.PERPLEXITY, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.LOCAL_AI, CompatibleChatNode::load, Role.CHAT_MODEL),
            NodeType.of(CompatibleChatNode.LITELLM, CompatibleChatNode::load, Role.CHAT_MODEL));

    private ChatModelNodes() {
    }
}
