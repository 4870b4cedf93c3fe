package dev.threadleak.torture.programs;

import dev.threadleak.testsupport.ParkedThreads;
import java.util.concurrent.SynchronousQueue;

/**
 * An application that installs a SecurityManager at run time (JDK 17 to 23), after the agent, with
 * the JDK's default policy: it grants the agent's jar nothing. A thread of its own is parked, so
 * the on-exit report has something to say.
 */
public final class LateSecurityManager {

    private LateSecurityManager() {
    }

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        SynchronousQueue<String> queue = new SynchronousQueue<>();
        ParkedThreads.daemon("leaky-worker", () -> {
            try {
                queue.put("never taken");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ParkedThreads.awaitNamed("leaky-worker", 1);
        System.setSecurityManager(new SecurityManager());
        UntilInputCloses.ready();
        UntilInputCloses.await();
        System.out.println("the application ends as it would");
    }
}
