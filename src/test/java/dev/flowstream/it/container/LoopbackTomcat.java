package dev.flowstream.it.container;

import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Tomcat workaround (arquillian-tomcat-embedded-10 1.2.0.Final): the adapter uses
 * {@code bindAddress} only as the virtual host's name, so its connector listens on every interface;
 * and it reports the configured {@code bindHttpPort} as the deployment's port, so port 0 cannot be
 * used. Before set-up this picks a free loopback port; right after start it replaces the wildcard
 * connector with one bound to 127.0.0.1 on that port ({@link TomcatConnectors}).
 */
public final class LoopbackTomcat {

    @Inject
    private Instance<ContainerRegistry> registry;

    public void pickFreePort(@Observes BeforeSetup event) {
        for (Container container : registry.get().getContainers()) {
            if (container.getDeployableContainer() == event.getDeployableContainer()) {
                container.getContainerConfiguration().property("bindHttpPort", Integer.toString(freeLoopbackPort()));
            }
        }
    }

    public void bindToLoopback(@Observes AfterStart event) throws Exception {
        TomcatConnectors.rebindToLoopback(event.getDeployableContainer());
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
