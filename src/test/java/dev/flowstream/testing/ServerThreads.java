package dev.flowstream.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The stacks of the embedded server's threads (ours, Undertow's and XNIO's), for a failure message
 * that has to say what the server was doing when a client waited in vain. Only meaningful in a test
 * JVM that runs the server on embedded Undertow.
 */
public final class ServerThreads {

    private static final int FRAMES = 12;

    private ServerThreads() {
    }

    public static String dump() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                .filter(info -> isServer(info.getThreadName()))
                .map(ServerThreads::describe)
                .collect(Collectors.joining("\n"));
    }

    private static boolean isServer(String name) {
        return OwnThreads.isFlowstream(name) || name.startsWith("XNIO-") || name.startsWith("flowstream");
    }

    private static String describe(ThreadInfo info) {
        String frames = Arrays.stream(info.getStackTrace()).limit(FRAMES)
                .map(frame -> "    at " + frame).collect(Collectors.joining("\n"));
        return "\"" + info.getThreadName() + "\" " + info.getThreadState()
                + (info.getLockName() == null ? "" : " on " + info.getLockName()) + "\n" + frames;
    }
}
