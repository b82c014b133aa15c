package dev.flowstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code src/test/js} (real socket.io clients, headless Chromium) and
 * returns the one JSON line each prints as its result.
 *
 * <p>A script exits 0 whenever the server answered, errors included (they are in the JSON);
 * any other exit, a missing or unparsable result line, or a script running past its own
 * {@code --timeout-ms} (default 20000) plus a startup allowance is a {@link ScriptFailure} carrying
 * the script's stderr.
 *
 * <p>Threading: every call starts its own process; safe from any thread.
 */
public final class NodeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_SCRIPT_TIMEOUT_MS = 20_000;
    private static final long STARTUP_ALLOWANCE_MS = 15_000;
    private static final Path SCRIPTS = Path.of("src", "test", "js");

    private NodeClient() {
    }

    /**
     * Runs {@code node src/test/js/<script> <args...>} from the project directory.
     *
     * @param script file name in {@code src/test/js}, e.g. {@code "seed-client.mjs"}
     * @param args   the script's arguments, e.g. {@code "--url", base, "--flow", "local-docs"}
     * @return the script's result line, parsed
     * @throws ScriptFailure when the script failed, timed out or printed no JSON result
     */
    public static JsonNode run(String script, String... args) {
        Path dir = projectDir();
        requireInstalled(dir);
        List<String> command = new ArrayList<>(List.of(node(), SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        try {
            return runIn(dir, command, timeoutMs(args) + STARTUP_ALLOWANCE_MS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        }
    }

    /** Whether {@code demo-page.mjs} can run here: Chromium installed and playwright-core present. */
    public static boolean chromiumAvailable() {
        Path chromium = Path.of(env("CHROMIUM_PATH", "/usr/bin/chromium"));
        return Files.isExecutable(chromium)
                && Files.isDirectory(projectDir().resolve(SCRIPTS).resolve("node_modules/playwright-core"));
    }

    private static JsonNode runIn(Path dir, List<String> command, long timeoutMs) throws IOException {
        Path out = Files.createTempFile("node-client", ".out");
        Path err = Files.createTempFile("node-client", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean exited = waitFor(process, timeoutMs);
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (!exited) {
                throw new ScriptFailure(command, -1, "no result after " + timeoutMs + " ms", stderr);
            }
            if (process.exitValue() != 0) {
                throw new ScriptFailure(command, process.exitValue(), "exit " + process.exitValue(), stderr);
            }
            return parse(command, stdout, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean waitFor(Process process, long timeoutMs) {
        try {
            if (process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return false;
    }

    private static JsonNode parse(List<String> command, String stdout, String stderr) {
        String line = stdout.strip().lines().reduce((first, second) -> second).orElse("");
        if (!line.startsWith("{")) {
            throw new ScriptFailure(command, 0, "no JSON result line; stdout was: " + stdout, stderr);
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ScriptFailure(command, 0, "unparsable result: " + e.getOriginalMessage(), stderr);
        }
    }

    private static long timeoutMs(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--timeout-ms=")) return Long.parseLong(args[i].substring(13));
            if (args[i].equals("--timeout-ms") && i + 1 < args.length) return Long.parseLong(args[i + 1]);
        }
        return DEFAULT_SCRIPT_TIMEOUT_MS;
    }

    private static void requireInstalled(Path dir) {
        if (!Files.isDirectory(dir.resolve(SCRIPTS).resolve("node_modules/socket.io-client"))) {
            throw new IllegalStateException("the Node test clients are not installed: run `npm ci` in "
                    + dir.resolve(SCRIPTS) + " (Maven's generate-test-resources phase does it)");
        }
    }

    /** The Maven project directory: Surefire's {@code basedir}, else the first parent holding the scripts. */
    private static Path projectDir() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPTS).resolve("package.json"))) return dir;
        }
        throw new IllegalStateException("no " + SCRIPTS + "/package.json in " + start + " or above");
    }

    private static String node() {
        return env("FLOWSTREAM_NODE", "node");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A script that failed as a harness (not a server error, which is in its JSON result). */
    public static final class ScriptFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int exitCode;
        private final String stderr;

        ScriptFailure(List<String> command, int exitCode, String problem, String stderr) {
            super(String.join(" ", command) + ": " + problem + "\n--- stderr ---\n" + tail(stderr));
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** The script's exit code; -1 when it was killed after its time ran out. */
        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }

        private static String tail(String text) {
            int max = 8_000;
            return text.length() <= max ? text : "…" + text.substring(text.length() - max);
        }
    }
}
