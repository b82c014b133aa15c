package dev.flowstream.it.container;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.lang.reflect.Field;

/**
 * Tomcat workaround, kept apart from {@link LoopbackTomcat} so that the Jetty run never loads a
 * Tomcat class: swaps the adapter's wildcard connector for one on 127.0.0.1, same port.
 */
final class TomcatConnectors {

    private TomcatConnectors() {
    }

    static void rebindToLoopback(Object adapter) throws ReflectiveOperationException, LifecycleException {
        Field field = adapter.getClass().getDeclaredField("tomcat");
        field.setAccessible(true);
        Tomcat tomcat = (Tomcat) field.get(adapter);
        Service service = tomcat.getService();
        Connector wildcard = tomcat.getConnector();
        int port = wildcard.getPort();
        service.removeConnector(wildcard); // stops it
        wildcard.destroy(); // unbinds it (Tomcat binds on init and unbinds on destroy)
        Connector loopback = new Connector("HTTP/1.1");
        loopback.setPort(port);
        loopback.setProperty("address", "127.0.0.1");
        service.addConnector(loopback); // starts it: the service is running
    }
}
