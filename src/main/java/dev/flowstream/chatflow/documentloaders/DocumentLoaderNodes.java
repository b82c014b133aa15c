package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code documentloaders} category: documents read from text, files and folders, web pages, APIs and repositories, and another vector store's. */
public final class DocumentLoaderNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(DocumentLoaderNode.PLAIN_TEXT, DocumentLoaderNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(DocumentLoaderNode.TEXT_FILE, DocumentLoaderNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(DocumentLoaderNode.FOLDER_FILES, DocumentLoaderNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(DocumentLoaderNode.DOCUMENT_STORE, DocumentLoaderNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(PdfFileNode.NAME, PdfFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(WordFileNode.DOCX, WordFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(WordFileNode.MICROSOFT_WORD, WordFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(CsvFileNode.NAME, CsvFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(JsonFileNode.NAME, JsonFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(JsonLinesFileNode.NAME, JsonLinesFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(AnyFileNode.NAME, AnyFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(CheerioWebScraperNode.NAME, CheerioWebScraperNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(GithubNode.NAME, GithubNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(VectorStoreToDocumentNode.NAME, VectorStoreToDocumentNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(ApiLoaderNode.NAME, ApiLoaderNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT),
            NodeType.of(UnstructuredFileNode.NAME, UnstructuredFileNode::load, Role.DOCUMENT_LOADER, Role.TEXT_OUTPUT));

    private DocumentLoaderNodes() {
    }
}
