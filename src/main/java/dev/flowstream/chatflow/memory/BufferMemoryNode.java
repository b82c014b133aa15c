package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.support.Overrides;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code bufferMemory} and {@code bufferWindowMemory} nodes: the conversation of each
 * chatId, kept in this process (a {@link SessionMemory} per node, so per flow, bounded by the
 * {@code flowstream.memory.*} settings). A chatId without a conversation yet starts from the
 * request's {@code history}, as in Flowise. The window node shows a chain only the last {@code k}
 * exchanges ({@code k} may be overridden per request). Chains call {@link #remember} only after
 * a successful answer, so a failed run leaves no half exchange.
 *
 * <p>Threading: immutable apart from the store, which is thread-safe.
 */
final class BufferMemoryNode implements MemoryNode {

    static final String BUFFER = "bufferMemory";
    static final String WINDOW = "bufferWindowMemory";
    private static final Set<String> OVERRIDABLE = Set.of("k");

    private final ExportNode node;
    private final Optional<Integer> window;
    private final SessionMemory store;

    private BufferMemoryNode(ExportNode node, Optional<Integer> window, SessionMemory store) {
        this.node = node;
        this.window = window;
        this.store = store;
    }

    static BufferMemoryNode load(ExportNode node, FlowRuntime runtime) {
        SessionMemory store = new SessionMemory(runtime.settings().memory().maxSessions(),
                runtime.settings().memory().idleTtl(), System::nanoTime);
        return new BufferMemoryNode(node, window(node), store);
    }

    /** The conversation a chain sees for this request: stored, else the request's history; windowed. */
    @Override
    public List<ChatTurn> history(FlowRequest request) {
        List<ChatTurn> turns = store.turns(request.chatId()).orElse(request.history());
        Optional<Integer> k = window.isEmpty() ? window
                : Overrides.reload(node, request.overrideConfig(), OVERRIDABLE, BufferMemoryNode::window, window);
        if (k.isEmpty() || turns.size() <= 2 * k.get()) return turns;
        return turns.subList(turns.size() - 2 * k.get(), turns.size());
    }

    /** Records one successful exchange. */
    @Override
    public void remember(FlowRequest request, String answer) {
        store.append(request.chatId(), request.history(), List.of(
                new ChatTurn(ChatTurn.Role.USER, request.question()), new ChatTurn(ChatTurn.Role.ASSISTANT, answer)));
    }

    private static Optional<Integer> window(ExportNode node) {
        if (!node.name().equals(WINDOW)) return Optional.empty();
        int k = node.inputs().integer("k").orElse(4);
        if (k < 1) throw node.failure("input k must be at least 1");
        return Optional.of(k);
    }
}
