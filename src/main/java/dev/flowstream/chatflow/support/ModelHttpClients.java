package dev.flowstream.chatflow.support;

import dev.flowstream.platform.ContextClassLoaders;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP clients that model and embedding nodes talk to providers with: HTTP/1.1 (the JDK
 * client's h2c upgrade breaks local model servers), each request on the catalog's worker pool,
 * stale pooled connections retried ({@link ProviderHttpClient}).
 *
 * <p>Each client starts a selector thread that Java 17 cannot stop: it ends by itself a few
 * seconds after the client becomes unreachable. The client is therefore built with the system
 * class loader as the context loader, which that thread inherits; otherwise it would hold the
 * webapp's class loader for those seconds after an undeploy, and containers report it as a leaked
 * webapp thread (Tomcat does).
 *
 * <p>Threading: stateless; builders are used by one thread, the clients they build by many.
 */
public final class ModelHttpClients {

    private ModelHttpClients() {
    }

    public static JdkHttpClientBuilder builder(FlowRuntime runtime) {
        HttpClient.Builder jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(runtime.workers());
        return JdkHttpClient.builder().httpClientBuilder(new DetachedBuilder(jdk, runtime.workers()));
    }

    /** A plain JDK client for a vendor's REST API, with the same threads, class loader and retry. */
    public static HttpClient jdk(FlowRuntime runtime) {
        HttpClient.Builder jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(runtime.workers());
        return new DetachedBuilder(jdk, runtime.workers()).build();
    }

    /**
     * Delegates everything; {@link #build} makes a {@link ProviderHttpClient}, whose JDK clients are
     * built under the system class loader.
     */
    private record DetachedBuilder(HttpClient.Builder delegate, Executor workers) implements HttpClient.Builder {

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(this::detached, workers);
        }

        private HttpClient detached() {
            return ContextClassLoaders.callWith(ClassLoader.getSystemClassLoader(), () -> {
                synchronized (delegate) { // builders are not thread-safe; a dead connection may call from any thread
                    return delegate.build();
                }
            });
        }

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler handler) {
            delegate.cookieHandler(handler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext context) {
            delegate.sslContext(context);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters parameters) {
            delegate.sslParameters(parameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(HttpClient.Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector selector) {
            delegate.proxy(selector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }
    }
}
