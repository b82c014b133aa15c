package dev.flowstream.it.container;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Proves the packaged WAR works as deployed to a managed WildFly (its own JVM, standalone.xml, every
 * listener on 127.0.0.1): it registers itself, streams to real socket.io clients over polling,
 * Undertow's Jakarta WebSocket and the upgrade under a context path, answers SSE and JSON errors,
 * and serves the demo page. Run by failsafe's {@code container-wildfly} execution.
 */
class WildFlyManagedIT extends ContainerSuite {

    // the standard ports plus the offset of 10000 given in arquillian.xml
    private static final int HTTPS_PORT = 18443;
    private static final int MANAGEMENT_PORT = 19990;

    @Test
    void the_https_and_management_listeners_are_on_127_0_0_1_only() throws IOException {
        for (int port : new int[] {HTTPS_PORT, MANAGEMENT_PORT}) {
            new Socket("127.0.0.1", port).close();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", port).close(), "port " + port);
        }
    }
}
