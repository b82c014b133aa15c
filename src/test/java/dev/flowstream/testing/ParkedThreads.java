package dev.flowstream.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds threads parked on a client: inside a blocking read or write of the embedded server's
 * connections (Undertow's and XNIO's {@code await*} methods). A non-blocking server never has one;
 * a pool whose threads all sit there serves no one. Only meaningful in a test JVM that runs the
 * server on embedded Undertow.
 */
public final class ParkedThreads {

    private ParkedThreads() {
    }

    /** The threads whose names match, parked on a client connection now, with the frame they wait in. */
    public static List<String> now(Predicate<String> threadName) {
        List<String> parked = new ArrayList<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (!threadName.test(info.getThreadName())) continue;
            Arrays.stream(info.getStackTrace()).filter(ParkedThreads::awaitsConnection).findFirst()
                    .ifPresent(frame -> parked.add(info.getThreadName() + " in " + frame));
        }
        return parked;
    }

    /** The threads parked in every one of {@code samples} looks, 100 ms apart: stuck, not passing through. */
    public static List<String> throughout(Predicate<String> threadName, int samples) throws InterruptedException {
        List<String> always = now(threadName);
        for (int i = 1; i < samples && !always.isEmpty(); i++) {
            Thread.sleep(100);
            List<String> names = now(threadName).stream().map(ParkedThreads::name).toList();
            always.removeIf(line -> !names.contains(name(line)));
        }
        return always;
    }

    private static boolean awaitsConnection(StackTraceElement frame) {
        return frame.getMethodName().startsWith("await")
                && (frame.getClassName().startsWith("io.undertow.") || frame.getClassName().startsWith("org.xnio."));
    }

    private static String name(String line) {
        return line.substring(0, line.indexOf(" in "));
    }
}
