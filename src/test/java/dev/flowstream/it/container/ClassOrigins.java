package dev.flowstream.it.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which class loaders have defined a class in another JVM on this machine, asked through the JDK's
 * {@code jcmd}: how a test outside a managed server sees which copy of a library its deployment runs.
 */
final class ClassOrigins {

    /** A VM.class_hierarchy row: {@code |  |--a.b.C/0x00007f...} (the loader's data address). */
    private static final Pattern DEFINED = Pattern.compile("--([\\w.$]+)/(0x[0-9a-f]+)");
    private final long pid;

    ClassOrigins(long pid) {
        this.pid = pid;
    }

    /** The class names of the loaders that have defined {@code className} so far. */
    Set<String> loaderTypes(String className) {
        Map<String, String> loaders = loaderTypesByAddress();
        Matcher row = DEFINED.matcher(jcmd("VM.class_hierarchy", className));
        Set<String> types = new TreeSet<>();
        while (row.find()) {
            if (row.group(1).equals(className)) types.add(loaders.getOrDefault(row.group(2), row.group(2)));
        }
        return types;
    }

    /** VM.classloader_stats has one row per loader: its data address third, its class last. */
    private Map<String, String> loaderTypesByAddress() {
        Map<String, String> types = new HashMap<>();
        for (String line : jcmd("VM.classloader_stats").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 7 && columns[2].startsWith("0x")) types.put(columns[2], columns[columns.length - 1]);
        }
        return types;
    }

    private String jcmd(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + command, e);
        }
    }
}
