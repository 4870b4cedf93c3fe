/**
 * The heap proof run in the agent's own JVM ({@code ProvenWaits}): the threads parked, untimed,
 * on a channel operation are its candidates, the agent's own records are bookkeeping
 * ({@code dev.threadleak.protocol.AgentBookkeeping}), and a thread whose wait changed during the
 * dump loses its verdict. The proof itself is the {@code heap-proof} module.
 *
 * <p>Public: {@code ProvenWaits}, whose verdicts {@code reporting} writes and {@code scope} asks for.
 */
package dev.threadleak.agent.proof;
