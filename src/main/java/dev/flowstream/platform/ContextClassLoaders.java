package dev.flowstream.platform;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs code under another thread context class loader, and puts the caller's back afterwards.
 *
 * <p>Works around the JDK's and libraries' habit of capturing the context class loader of the
 * thread that first touches them: in a servlet container that thread's loader is the webapp's, so
 * a JVM-wide object built from a request thread (the JDK HTTP client's selector thread, a
 * library's shared pool) would keep an undeployed webapp's classes loaded. Building such objects
 * under the system class loader leaves nothing of ours behind.
 *
 * <p>Threading: stateless; affects only the calling thread, and only while {@code body} runs.
 */
public final class ContextClassLoaders {

    private ContextClassLoaders() {
    }

    /** Calls {@code body} with {@code loader} as this thread's context class loader. */
    public static <T> T callWith(ClassLoader loader, Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
