package dev.threadleak.torture.programs;

/**
 * An application that installs a SecurityManager at run time (JDK 17 to 23), after the agent, with
 * the JDK's default policy: it grants the agent's jar nothing. A thread of its own is parked, so
 * the on-exit report has something to say. Prints the agent's channel first, as {@link ChannelPath}.
 */
public final class LateSecurityManager {

    private LateSecurityManager() {
    }

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        LeakyWorker.start();
        ChannelPath.print(); // before the SecurityManager, which forbids reading properties
        System.setSecurityManager(new SecurityManager());
        UntilInputCloses.ready();
        UntilInputCloses.await();
    }
}
