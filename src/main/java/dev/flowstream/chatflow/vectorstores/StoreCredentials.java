package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.util.Optional;

/**
 * The settings a remote store finds in its Flowise credential (the one the export chose, else the
 * one of its name in {@code credentials.json}) or in the environment, looked up when a request
 * needs them: a missing one fails that request saying where to set it. Stateless.
 */
final class StoreCredentials {

    private StoreCredentials() {
    }

    /** The field {@code field.input()} of the credential {@code field.credential()}, else {@code field.envVar()}. */
    static String required(ExportNode node, FlowRuntime runtime, ApiKeys field, String what) {
        return field.find(node, runtime).orElseThrow(() -> configuration(node, "needs " + what + ": set " + field.input()
                + " in the " + field.credential() + " credential or " + field.envVar()));
    }

    /** A service's address as {@code http(s)://host[:port][/path]/}, when {@code url} is one. */
    static Optional<URI> url(String url) {
        try {
            URI uri = URI.create(url.trim().endsWith("/") ? url.trim() : url.trim() + "/");
            if (uri.getHost() != null && uri.getScheme() != null && uri.getScheme().startsWith("http")) return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            // not a URL
        }
        return Optional.empty();
    }

    /** {@link #required} read as a URL, or a failure naming where it came from. */
    static URI requiredUrl(ExportNode node, FlowRuntime runtime, ApiKeys field, String what, String example) {
        String url = required(node, runtime, field, what);
        return url(url).orElseThrow(() -> configuration(node, "needs " + what + " as a URL like " + example + " in "
                + field.input() + " of the " + field.credential() + " credential or " + field.envVar()));
    }

    static ChatflowException configuration(ExportNode node, String problem) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + node.name() + ") " + problem);
    }
}
