package dev.flowstream.it.container;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Open Liberty workaround (arquillian-liberty-managed-jakarta 2.1.3): the adapter always reports a
 * deployment at {@code http://localhost:<port>/}, whatever {@code httpEndpoint host} says. Our server
 * listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first (Node's resolver keeps the
 * system's order), so this reports the address Liberty actually binds.
 */
public final class LoopbackLiberty {

    static final String HOST = "127.0.0.1";

    @Inject
    @DeploymentScoped
    private InstanceProducer<ProtocolMetaData> metaData;

    public void reportLoopbackAddress(@Observes AfterDeploy event) {
        ProtocolMetaData reported = metaData.get();
        if (reported == null) return;
        ProtocolMetaData corrected = new ProtocolMetaData();
        for (Object context : reported.getContexts()) {
            corrected.addContext(context instanceof HTTPContext http ? onLoopback(http) : context);
        }
        metaData.set(corrected);
    }

    private static HTTPContext onLoopback(HTTPContext reported) {
        HTTPContext loopback = new HTTPContext(reported.getName(), HOST, reported.getPort());
        for (Servlet servlet : reported.getServlets()) {
            loopback.add(new Servlet(servlet.getName(), servlet.getContextRoot()));
        }
        return loopback;
    }
}
