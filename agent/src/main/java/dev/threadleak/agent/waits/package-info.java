/**
 * What a waiting thread waits on ({@code queues=true}): {@code WaitRegistry} records each wait on
 * the waiting thread's record as the woven slow paths report it (queues, futures, transfers,
 * exchangers, joins, every AQS and AQLS synchronizer and condition, {@code StampedLock}, phasers,
 * {@code Object.wait}), and maps a queue's or barrier's conditions back to it;
 * {@code WaitFacts} describes each waiting thread in one line a person can act on, from those
 * records and from what the JVM knows when a report asks (park blockers, monitors and their
 * owners, through {@code Operations} and {@code WaitDetails}, and the synchronizers' protected
 * state through {@code SynchronizerInternals}), and proves from the recorded facts alone which
 * waits last forever.
 *
 * <p>Internal seams, public for the agent's other packages only: {@code WaitRegistry} (the
 * {@code WaitListener} the installer registers), {@code WaitFacts} (read by {@code reporting}),
 * {@code SynchronizerInternals} (which the installer gets from the agent's one door into the
 * JDK's internals) and {@code WaitInstrumentation} (this feature's hook points, for the
 * installer's plan).
 */
package dev.threadleak.agent.waits;
