/**
 * The heap proof run in the agent's own JVM ({@code ProvenWaits}): the threads parked, untimed,
 * on a channel operation are its candidates, the agent's own records are bookkeeping
 * ({@code dev.threadleak.protocol.AgentBookkeeping}), and a thread whose wait changed during the
 * dump loses its verdict. The proof itself is the {@code heap-proof} module. {@code ProofBudget}
 * decides whether the at-exit proof fits the time {@code prove-budget} gives it.
 *
 * <p>Public: {@code ProvenWaits}, whose verdicts {@code reporting} writes and {@code scope} asks
 * for; {@code ProofBudget}, which the reporter asks before the at-exit proof.
 */
package dev.threadleak.agent.proof;
