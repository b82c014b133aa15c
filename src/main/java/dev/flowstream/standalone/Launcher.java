package dev.flowstream.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code java -jar flowstream.war}: unpacks the WAR once (into the temp directory, keyed by the
 * WAR's size and date), builds a class loader over {@code WEB-INF/classes}, {@code WEB-INF/lib} and
 * {@code WEB-INF/lib-standalone} (Undertow, kept out of {@code WEB-INF/lib} so containers never see
 * it) and hands over to {@link StandaloneServer}. This class sits at the WAR's root and must not
 * touch Undertow or any library: only the JDK is on its class path.
 *
 * <p>Threading: runs on the main thread only.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(war)) {
            throw new IllegalStateException("run the packaged WAR: java -jar target/flowstream.war");
        }
        Path root = unpack(war);
        ClassLoader loader = new URLClassLoader("flowstream", classPath(root), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        loader.loadClass("dev.flowstream.standalone.StandaloneServer")
                .getMethod("main", Path.class, String[].class)
                .invoke(null, root, args);
    }

    private static Path unpack(Path war) throws IOException {
        String key = Files.size(war) + "-" + Files.getLastModifiedTime(war).toMillis() + "-" + war.toAbsolutePath().hashCode();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "flowstream-" + key);
        if (Files.isDirectory(target)) return target;
        Path staging = Files.createTempDirectory("flowstream-unpack");
        try (JarFile jar = new JarFile(war.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) extract(jar, entries.nextElement(), staging);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
            // another launch unpacked the same WAR first; use theirs
        } catch (IOException raced) {
            if (!Files.isDirectory(target)) throw raced;
        }
        return target;
    }

    private static void extract(JarFile jar, JarEntry entry, Path root) throws IOException {
        Path destination = root.resolve(entry.getName()).normalize();
        if (!destination.startsWith(root)) throw new IOException("bad entry in WAR: " + entry.getName());
        if (entry.isDirectory()) {
            Files.createDirectories(destination);
            return;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static URL[] classPath(Path root) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(root.resolve("WEB-INF/classes/").toUri().toURL());
        for (String dir : List.of("WEB-INF/lib", "WEB-INF/lib-standalone")) {
            try (Stream<Path> jars = Files.list(root.resolve(dir))) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

}
