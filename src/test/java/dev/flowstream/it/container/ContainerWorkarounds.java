package dev.flowstream.it.container;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers the container workarounds for whichever Arquillian adapter is on this run's classpath
 * ({@link LoopbackTomcat}, {@link JettyWebappFirst}, {@link LoopbackLiberty}); each failsafe execution
 * has exactly one.
 */
public final class ContainerWorkarounds implements LoadableExtension {

    private static final String TOMCAT_ADAPTER = "org.jboss.arquillian.container.tomcat.embedded.Tomcat10EmbeddedContainer";
    private static final String JETTY_ADAPTER = "org.jboss.arquillian.container.jetty.embedded_12_ee10.JettyEmbeddedContainer";
    private static final String LIBERTY_ADAPTER = "io.openliberty.arquillian.managed.WLPManagedContainer";
    private static final String GLASSFISH_ADAPTER = "org.omnifaces.arquillian.container.glassfish.managed.GlassFishManagedDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        if (present(TOMCAT_ADAPTER)) builder.observer(LoopbackTomcat.class);
        if (present(JETTY_ADAPTER)) JettyWebappFirst.register(builder);
        if (present(LIBERTY_ADAPTER)) builder.observer(LoopbackLiberty.class);
    }

    /** This run deploys to GlassFish (see {@link HostWebappSuite} for what that changes). */
    static boolean glassFish() {
        return present(GLASSFISH_ADAPTER);
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, ContainerWorkarounds.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
