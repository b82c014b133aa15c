package dev.flowstream.platform;

/**
 * Loads and initialises at start the classes that only shutdown uses.
 *
 * <p>Works around Open Liberty, whose {@code dropins/} monitor stops an application only after its
 * archive is gone: a class first needed in {@code contextDestroyed} can then no longer be read
 * ({@code CWWKL0002E}, then {@code SRVE0285E ... ClassFormatError}), and the shutdown work from
 * there on is skipped.
 *
 * <p>Threading: stateless; call from the start-up thread.
 */
public final class ShutdownClasses {

    private ShutdownClasses() {
    }

    /** Initialises each class now (naming it in code has loaded it already). */
    public static void loadNow(Class<?>... classes) {
        for (Class<?> type : classes) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException impossible) {
                throw new IllegalStateException("a loaded class was not found: " + type.getName(), impossible);
            }
        }
    }
}
