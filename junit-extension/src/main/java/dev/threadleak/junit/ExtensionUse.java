package dev.threadleak.junit;

/**
 * Whether JUnit called the extension in this JVM: what {@link UncheckedTestsWarning} asks at the
 * end of a run. A flag, written once per class, read once per run.
 */
final class ExtensionUse {

    private static volatile boolean used;

    private ExtensionUse() {
    }

    static void note() {
        if (!used) {
            used = true;
        }
    }

    static boolean used() {
        return used;
    }
}
