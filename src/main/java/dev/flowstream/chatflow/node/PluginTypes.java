package dev.flowstream.chatflow.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The node types of the JARs in a plugins folder, by name: one class loader over all of them (so a
 * plugin's JAR and the libraries beside it see each other), asked once through {@link ServiceLoader}.
 * The loader stays open while the runtime lives: its classes back loaded flows. Immutable.
 */
final class PluginTypes {

    private static final Logger LOG = Logger.getLogger(PluginTypes.class.getName());

    private final Map<String, NodeType> byName;
    private final Optional<URLClassLoader> loader;

    private PluginTypes(Map<String, NodeType> byName, Optional<URLClassLoader> loader) {
        this.byName = Map.copyOf(byName);
        this.loader = loader;
    }

    static PluginTypes in(Path folder) {
        List<Path> jars = jars(folder);
        if (jars.isEmpty()) return new PluginTypes(Map.of(), Optional.empty());
        URLClassLoader loader = new URLClassLoader("flowstream-plugins", jars.stream().map(PluginTypes::url).toArray(URL[]::new),
                PluginTypes.class.getClassLoader());
        Map<String, NodeType> byName = new TreeMap<>();
        Iterator<NodePlugin> plugins = ServiceLoader.load(NodePlugin.class, loader).iterator();
        while (true) {
            try {
                if (!plugins.hasNext()) break;
                NodePlugin plugin = plugins.next();
                plugin.types(loader).forEach(type -> byName.putIfAbsent(type.name(), type));
            } catch (ServiceConfigurationError | LinkageError e) {
                // one broken JAR must not hide the others: its nodes stay missing, and say so at load
                LOG.log(Level.WARNING, "a plugin in " + folder + " could not be loaded", e);
            }
        }
        return new PluginTypes(byName, Optional.of(loader));
    }

    Optional<NodeType> type(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    void close() {
        loader.ifPresent(open -> {
            try {
                open.close();
            } catch (IOException e) {
                // the JARs are only read; nothing is lost
            }
        });
    }

    private static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the plugins in " + folder, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
