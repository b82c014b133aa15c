package dev.flowstream.platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.runtime.ObjectMethods;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works around JDK caches that keep an undeployed webapp's class loader alive.
 *
 * <p>Threading: stateless; call from the shutdown thread after everything else has stopped.
 *
 * <p>JDK 17 (JDK-8078641, fixed in 18): the first {@code equals}, {@code hashCode} or
 * {@code toString} call on a record is linked through shared method handles in
 * {@link ObjectMethods}, and each of those keeps the last type it was adapted to in a strong
 * one-entry cache. The last record Flowstream used therefore pins Flowstream's class loader, and
 * with it every class of the webapp, until some other record is linked. Linking the three methods
 * once more for a JDK type overwrites those entries.
 */
public final class JdkLeaks {

    private static final Logger LOG = Logger.getLogger(JdkLeaks.class.getName());

    private JdkLeaks() {
    }

    public static void releaseRecordMethodCaches() {
        // a "record" String with one String component: only JDK types end up in the caches
        MethodHandle component = MethodHandles.identity(String.class);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            ObjectMethods.bootstrap(lookup, "equals", MethodType.methodType(boolean.class, String.class, Object.class),
                    String.class, "value", component);
            ObjectMethods.bootstrap(lookup, "hashCode", MethodType.methodType(int.class, String.class),
                    String.class, "value", component);
            ObjectMethods.bootstrap(lookup, "toString", MethodType.methodType(String.class, String.class),
                    String.class, "value", component);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "could not clear the JDK's record method caches; the class loader may stay until another record is used", e);
        }
    }
}
