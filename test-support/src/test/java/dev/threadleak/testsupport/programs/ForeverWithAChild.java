package dev.threadleak.testsupport.programs;

import java.nio.file.Path;

/** Starts {@link Forever} in a JVM of its own, prints {@code child PID} and {@code ready}, then runs as Forever does. */
public final class ForeverWithAChild {

    private ForeverWithAChild() {
    }

    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Forever.class.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        System.out.println("child " + child.pid());
        Forever.main(args);
    }
}
