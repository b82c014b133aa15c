package dev.flowstream.chatflow.recordmanager;

import dev.flowstream.chatflow.node.ExportNode;

/** What the server record managers check alike. Stateless. */
final class Servers {

    private Servers() {
    }

    static int port(ExportNode node, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) return port;
        } catch (NumberFormatException e) {
            // named below
        }
        throw node.failure("input port must be a TCP port number, not " + value);
    }
}
