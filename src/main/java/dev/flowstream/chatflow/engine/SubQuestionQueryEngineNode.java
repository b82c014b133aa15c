package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.QueryEngineTool;
import dev.flowstream.chatflow.node.ResponseSynthesizer;
import dev.flowstream.chatflow.node.ResponseSynthesizer.Synthesis;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.llamaindex.CompactAndRefine;
import dev.flowstream.chatflow.support.llamaindex.TextNodes;
import dev.flowstream.chatflow.support.llamaindex.Tokens;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code subQuestionQueryEngine} node, LlamaIndex's sub-question query engine: its
 * {@code model} first breaks the question into sub-questions for its {@code queryEngineTools}
 * ({@link SubQuestionPrompt}; not streamed), the tools answer them at the same time
 * ({@link SubQuestionAnswers}), and its {@code responseSynthesizer} (compact and refine with
 * LlamaIndex's prompts when none is connected) answers the question from the
 * {@code "Sub question: ...\nResponse: ..."} passages, streamed with the same model. With
 * {@code returnSourceDocuments} those passages follow as {@code sourceDocuments}. Its
 * {@code embeddings} input is accepted and unused: nothing in this engine embeds.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
final class SubQuestionQueryEngineNode implements FlowEnd {

    static final String NAME = "subQuestionQueryEngine";

    private final String owner;
    private final ChatModelNode model;
    private final SubQuestionAnswers answers;
    private final ResponseSynthesizer synthesizer;
    private final boolean returnSources;

    private SubQuestionQueryEngineNode(String owner, ChatModelNode model, SubQuestionAnswers answers,
                                       ResponseSynthesizer synthesizer, boolean returnSources) {
        this.owner = owner;
        this.model = model;
        this.answers = answers;
        this.synthesizer = synthesizer;
        this.returnSources = returnSources;
    }

    static SubQuestionQueryEngineNode load(ExportNode node, Wiring wiring) {
        List<QueryEngineTool> tools = wiring.all(node, "queryEngineTools", Role.QUERY_ENGINE_TOOL);
        if (tools.isEmpty()) throw node.failure("needs a query engine tool connected to its queryEngineTools input");
        ChatModelNode model = wiring.required(node, "model", Role.LLAMAINDEX_CHAT_MODEL);
        wiring.optional(node, "embeddings", Role.LLAMAINDEX_EMBEDDINGS);
        String owner = EngineNodes.owner(node);
        ResponseSynthesizer synthesizer = wiring.optional(node, "responseSynthesizer", Role.RESPONSE_SYNTHESIZER)
                .orElseGet(() -> CompactAndRefine.defaults(owner));
        Tokens.preload(wiring.runtime().workers());
        return new SubQuestionQueryEngineNode(owner, model, new SubQuestionAnswers(owner, tools), synthesizer,
                node.inputs().flag("returnSourceDocuments", false));
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        String prompt = SubQuestionPrompt.format(answers.tools(), request.question());
        return model.stream(List.of(UserMessage.from(prompt)), request.overrideConfig(), StreamSink.NONE, List.of())
                .thenApply(generated -> SubQuestions.parse(generated.text(), owner + ": model " + model.id()))
                .thenCompose(questions -> answers.ask(questions, request))
                .thenCompose(passages -> synthesizer.synthesize(synthesis(request, passages), sink));
    }

    private Synthesis synthesis(FlowRequest request, List<SourceDocument> passages) {
        return new Synthesis(model, request.question(), passages.stream().map(TextNodes::content).toList(),
                returnSources ? passages : List.of(), request.overrideConfig());
    }
}
