package dev.threadleak.cli.programs;

import dev.threadleak.testsupport.Deadlocks;

/**
 * Two request threads in a monitor deadlock ("request-a", "request-b", made at one line), and
 * "bystander", blocked entering one of their monitors from outside the cycle. Prints
 * {@code ready} once all three are blocked, then reads standard input until it closes.
 */
public final class MonitorDeadlock {

    private MonitorDeadlock() {
    }

    public static void main(String[] args) throws Exception {
        Deadlocks.blockedOn(Deadlocks.onMonitors("request"), "bystander");
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input or kills us
        }
        System.exit(0);
    }
}
