package dev.threadleak.torture;

/**
 * How hard the suite pushes: {@code default} keeps a CI run to a couple of minutes per JDK;
 * {@code long} ({@code -Dthreadleak.torture=long}) uses the sizes the issue that asked for this
 * suite tried by hand: a million virtual threads churned, 100,000 parked, 5,000 platform threads.
 */
final class Torture {

    static final boolean LONG = "long".equals(System.getProperty("threadleak.torture", "default"));

    private Torture() {
    }

    /** {@code normal} in the default mode, {@code full} in the long one. */
    static int size(int normal, int full) {
        return LONG ? full : normal;
    }
}
