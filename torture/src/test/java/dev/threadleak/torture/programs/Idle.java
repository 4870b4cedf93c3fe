package dev.threadleak.torture.programs;

/** A JVM that does nothing until the test is done with it: for the agent's own background work. */
public final class Idle {

    private Idle() {
    }

    public static void main(String[] args) throws Exception {
        UntilInputCloses.ready();
        UntilInputCloses.await();
    }
}
