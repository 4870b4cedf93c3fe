package dev.threadleak.junit;

import java.util.List;

/**
 * Runs the agent's heap proof on a thread of its own, and waits for it.
 *
 * <p>Why not on the test's thread: the proof leaves the stack of the thread that runs it out of
 * its roots (that thread holds the candidates while it names them). The test's thread holds
 * JUnit's state: the test instance (kept for the next test with {@code PER_CLASS}), the extension
 * stores and their resources. A queue kept there can still be served, and must count as held.
 */
final class HeapProofThread {

    private static final String NAME = "threadleak-heap-proof";

    private HeapProofThread() {
    }

    /** The proof, or one with no verdicts and a note saying why it failed. Waits, uninterruptibly, for the end. */
    static AgentBridge.Proof prove(AgentBridge agent) {
        AgentBridge.Proof[] outcome = new AgentBridge.Proof[1];
        Thread prover = new Thread(() -> {
            try {
                outcome[0] = agent.proveNow();
            } catch (RuntimeException | Error e) {
                outcome[0] = failed(e);
            }
        }, NAME);
        prover.setDaemon(true);
        prover.start();
        boolean interrupted = false;
        while (true) {
            try {
                prover.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a dump takes at most seconds; the report is worth the wait
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome[0] != null ? outcome[0] : failed(new IllegalStateException(NAME + " ended without a result"));
    }

    private static AgentBridge.Proof failed(Throwable e) {
        return new AgentBridge.Proof(null, List.of("heap proof failed, verdicts are from runtime facts only: " + e));
    }
}
