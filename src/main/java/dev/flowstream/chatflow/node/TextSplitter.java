package dev.flowstream.chatflow.node;

import java.util.List;

/**
 * A text splitter node ({@code recursiveCharacterTextSplitter}, {@code characterTextSplitter}) as
 * document loaders use it.
 *
 * <p>Threading: implementations are immutable and thread-safe.
 */
public interface TextSplitter {

    /** The text cut into chunks, in order; blank chunks are left out. */
    List<String> split(String text);
}
