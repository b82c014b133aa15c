package dev.flowstream.platform;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContextClassLoadersTest {

    private final ClassLoader other = new URLClassLoader(new URL[0], null);

    @Test
    void the_body_runs_under_the_given_loader() {
        assertSame(other, ContextClassLoaders.callWith(other, () -> Thread.currentThread().getContextClassLoader()));
    }

    @Test
    void the_caller_s_loader_is_back_afterwards() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        ContextClassLoaders.callWith(other, () -> "done");
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void the_caller_s_loader_is_back_after_the_body_threw() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        assertThrows(IllegalStateException.class, () -> ContextClassLoaders.callWith(other, () -> {
            throw new IllegalStateException("body failed");
        }));
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }
}
