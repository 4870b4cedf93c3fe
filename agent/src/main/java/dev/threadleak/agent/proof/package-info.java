/**
 * The heap proof run in the agent's own JVM ({@code ProvenWaits}): every untimed wait of a live
 * thread is a candidate and every timed one is watched ({@code WaitingThreads}: the waits the
 * agent recorded, while the thread is still parked where the record says, and the monitor entries
 * and unwoven parks of platform threads that {@code ThreadMXBean} names), the agent's own records
 * are bookkeeping ({@code dev.threadleak.protocol.AgentBookkeeping}), the monitors of
 * {@code Object.wait} go into the {@code WaitTable} for the length of a dump, and a thread whose
 * wait changed during the dump loses its verdict, with every verdict that relied on it. The proof
 * itself is the {@code heap-proof} module. {@code ProofBudget} decides whether the at-exit proof
 * fits the time {@code prove-budget} gives it.
 *
 * <p>Public: {@code ProvenWaits}, whose verdicts {@code reporting} writes and {@code scope} asks
 * for; {@code ProofBudget}, which the reporter asks before the at-exit proof; {@code WaitTable},
 * which the {@code channel} fills for a dump the CLI asked for.
 */
package dev.threadleak.agent.proof;
