package dev.flowstream.testing;

/** Names of the threads Flowstream starts (its pools, and engine.io's where the library names them). */
public final class OwnThreads {

    private OwnThreads() {
    }

    public static boolean isFlowstream(String threadName) {
        return threadName.startsWith("flowstream-") || threadName.startsWith("engineIo-");
    }
}
