package dev.flowstream.chatflow.node;

import java.util.Objects;

/**
 * A role a node plays for the nodes that reference it, as Flowise's {@code baseClasses} say what an
 * output can connect to: an input asks {@link Wiring} for a role, and any node type that plays it
 * fits there. Each role has the interface the referencing node uses. The constants are the roles
 * Flowstream's nodes play; roles may share an interface ({@link #ENDING}, {@link #CHAIN} and
 * {@link #QUERY_ENGINE}): Flowise keeps LangChain's and LlamaIndex's nodes apart by role, not by kind.
 *
 * @param <T> the interface a node of this role implements
 */
public final class Role<T> {

    public static final Role<ChatModelNode> CHAT_MODEL = new Role<>("a chat model", ChatModelNode.class);
    public static final Role<PromptNode> PROMPT = new Role<>("a prompt", PromptNode.class);
    public static final Role<MemoryNode> MEMORY = new Role<>("a memory", MemoryNode.class);
    public static final Role<Retriever> RETRIEVER = new Role<>("a retriever", Retriever.class);
    /** A vector store itself, not any retriever: what a {@code vectorStoreRetriever} wraps. */
    public static final Role<Retriever> VECTOR_STORE = new Role<>("a vector store", Retriever.class);
    /** Flowise's {@code Vectara} store: what a {@code vectaraQAChain} asks for Vectara's own answer. */
    public static final Role<VectaraStore> VECTARA_STORE = new Role<>("a Vectara vector store", VectaraStore.class);
    /** A retriever with the name and description a router chooses it by. */
    public static final Role<NamedRetriever> NAMED_RETRIEVER = new Role<>("a vector store retriever", NamedRetriever.class);
    /** A prompt with the name and description a {@code multiPromptChain}'s router chooses it by. */
    public static final Role<NamedPrompt> PROMPT_RETRIEVER = new Role<>("a prompt retriever", NamedPrompt.class);
    public static final Role<Embedder> EMBEDDINGS = new Role<>("an embeddings model", Embedder.class);
    public static final Role<DocumentLoader> DOCUMENT_LOADER = new Role<>("a document loader", DocumentLoader.class);
    public static final Role<TextSplitter> TEXT_SPLITTER = new Role<>("a text splitter", TextSplitter.class);
    public static final Role<AgentTool> TOOL = new Role<>("a tool", AgentTool.class);
    /** A chain another node can run as a step of its own (a {@code chainTool}'s {@code baseChain}). */
    public static final Role<FlowEnd> CHAIN = new Role<>("a chain", FlowEnd.class);
    /** What can end a flow and answer its requests. */
    public static final Role<FlowEnd> ENDING = new Role<>("an ending node", FlowEnd.class);
    /** Flowise's {@code BaseChatModel_LlamaIndex}: the models its LlamaIndex nodes take, apart from LangChain's. */
    public static final Role<ChatModelNode> LLAMAINDEX_CHAT_MODEL = new Role<>("a LlamaIndex chat model", ChatModelNode.class);
    /** Flowise's {@code BaseEmbedding_LlamaIndex}. */
    public static final Role<Embedder> LLAMAINDEX_EMBEDDINGS = new Role<>("a LlamaIndex embeddings model", Embedder.class);
    /** Flowise's {@code VectorIndexRetriever}: a LlamaIndex vector store's retriever. */
    public static final Role<IndexRetriever> INDEX_RETRIEVER = new Role<>("a LlamaIndex vector store retriever",
            IndexRetriever.class);
    /** Flowise's {@code ResponseSynthesizer}: how a LlamaIndex query engine answers from the passages found. */
    public static final Role<ResponseSynthesizer> RESPONSE_SYNTHESIZER = new Role<>("a response synthesizer",
            ResponseSynthesizer.class);
    /** Flowise's {@code BaseQueryEngine}: a LlamaIndex engine another node can ask, without streaming. */
    public static final Role<FlowEnd> QUERY_ENGINE = new Role<>("a query engine", FlowEnd.class);
    /** Flowise's {@code QueryEngineTool}: a query engine with the name and description a model chooses it by. */
    public static final Role<QueryEngineTool> QUERY_ENGINE_TOOL = new Role<>("a query engine tool", QueryEngineTool.class);

    /** Flowise's {@code Moderation}: what a chain's {@code inputModeration} checks each question with. */
    public static final Role<Moderation> MODERATION = new Role<>("an input moderation", Moderation.class);
    /** What a prompt's {@code promptValues} may reference: a node whose output is text. */
    public static final Role<TextOutput> TEXT_OUTPUT = new Role<>("a node with a text output", TextOutput.class);

    /** Flowise's {@code RecordManager}: what a vector store's upsert records its documents in. */
    public static final Role<RecordManager> RECORD_MANAGER = new Role<>("a record manager", RecordManager.class);

    /** Flowise's {@code BaseOutputParser}: what shapes an {@code llmChain}'s answer into JSON. */
    public static final Role<OutputParser> OUTPUT_PARSER = new Role<>("an output parser", OutputParser.class);

    private final String description;
    private final Class<T> type;

    private Role(String description, Class<T> type) {
        this.description = Objects.requireNonNull(description, "description");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** How a message names the role: "a chat model". */
    public String description() {
        return description;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return description;
    }
}
