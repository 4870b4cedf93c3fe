/**
 * Threads: the registry of every thread started since install and of those that predate it
 * (creator, lineage, creation site, what it waits on, who last interrupted it, how it ended), fed
 * through the bootstrap hooks by the points woven into {@code Thread} and {@code VirtualThread}.
 *
 * <p>This is the model the other features build on, so its parts are internal seams, public for
 * the agent's other packages only: {@code ThreadRegistry} and {@code ThreadRecord} (read by the
 * reports, scopes, waits, the proof and the channel), and {@code Interrupt}, the last interrupt
 * another thread sent one, which a report reads; {@code Origin}, {@code Lineage},
 * {@code Clock} and {@code CreationSites}, which executors and tasks share with threads;
 * {@code CurrentWait}, which {@code waits} records and {@code proof} reads;
 * {@code CurrentStacks}, another thread's stack as every report takes it (left out where a
 * SecurityManager denies it); {@code VirtualRecords}, where virtual threads' records are kept (in
 * the registry's map, or on each thread's continuation), which the installer picks; and
 * {@code ThreadInstrumentation}, this feature's hook points, for the installer's plan.
 */
package dev.threadleak.agent.threads;
