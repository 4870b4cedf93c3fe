package dev.threadleak.junit;

/** Which mode the surefire execution running this JVM sets up (see the pom): agent, snapshot or attach. */
final class TestMode {

    private TestMode() {
    }

    static String current() {
        return System.getProperty("threadleak.test.mode", "agent");
    }

    static boolean agent() {
        return !current().equals("snapshot");
    }

    static boolean snapshot() {
        return current().equals("snapshot");
    }

    static int javaVersion() {
        return Runtime.version().feature();
    }
}
