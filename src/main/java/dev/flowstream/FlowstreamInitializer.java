package dev.flowstream;

import dev.flowstream.config.Settings;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Optional;
import java.util.Set;

/**
 * Registers Flowstream in any Jakarta EE 10 container, with no web.xml: servlets here, a check for
 * WebSocket support once the context is initialised (every initializer has run by then, so the
 * container's ServerContainer exists), and shutdown when the context is destroyed.
 *
 * <p>Threading: called once by the container on its deployment thread.
 */
public final class FlowstreamInitializer implements ServletContainerInitializer {

    private final Optional<Settings> given;

    /** For containers: settings come from context parameters, system properties and the environment. */
    public FlowstreamInitializer() {
        this.given = Optional.empty();
    }

    /** For embedding (the standalone server): settings already resolved. */
    public FlowstreamInitializer(Settings settings) {
        this.given = Optional.of(settings);
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        Settings settings = given.orElseGet(() -> Settings.from(key -> Optional.ofNullable(context.getInitParameter(key))
                .orElseGet(() -> System.getProperty(key))));
        ConfigDirectory config = ConfigDirectory.resolve(settings, context);
        Flowstream flowstream;
        try {
            flowstream = new Flowstream(settings, config.path());
        } catch (RuntimeException e) {
            config.close();
            throw e;
        }
        context.setAttribute(Flowstream.class.getName(), flowstream);
        flowstream.registerServlets(context);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                flowstream.checkWebSocketSupport(event.getServletContext());
            }

            @Override
            public void contextDestroyed(ServletContextEvent event) {
                flowstream.close();
                config.close();
            }
        });
    }
}
