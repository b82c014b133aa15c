package dev.flowstream.chatflow.llms;

import dev.flowstream.chatflow.node.ExportNode;

import java.net.URI;

/** Reads an address input of an LLM node, failing the load naming the node and the input. Stateless. */
final class Urls {

    private Urls() {
    }

    static URI parse(ExportNode node, String input, String url) {
        try {
            URI uri = URI.create(url.trim().replaceAll("/+$", ""));
            if (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null) return uri;
        } catch (IllegalArgumentException e) {
            // reported below, as any other address that is no URL
        }
        throw node.failure("input " + input + " must be an http(s) URL, not " + url);
    }
}
