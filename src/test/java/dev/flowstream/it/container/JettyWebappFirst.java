package dev.flowstream.it.container;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension.ExtensionBuilder;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Jetty workaround (arquillian-jetty-embedded-12-ee10 2.0.0.Final): the adapter loads classes
 * parent-first by default ({@code classloaderBehavior=JAVA_SPEC}), so the test classpath's copies of
 * LangChain4j, socket.io, Jackson… would shadow the WAR's {@code WEB-INF/lib}; and its
 * {@code classloaderBehavior} cannot be set in arquillian.xml (Arquillian's configuration mapper
 * does not convert enums: "argument type mismatch"). This restores webapp-first loading, as every
 * real Jetty deploys a WAR.
 */
public final class JettyWebappFirst implements WebAppContextProcessor {

    static void register(ExtensionBuilder builder) {
        builder.service(WebAppContextProcessor.class, JettyWebappFirst.class);
    }

    @Override
    public void process(WebAppContext webapp, Archive<?> archive) {
        webapp.setParentLoaderPriority(false);
    }
}
