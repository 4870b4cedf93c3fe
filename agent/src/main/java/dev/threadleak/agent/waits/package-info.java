/**
 * What a parked thread waits on ({@code queues=true}): {@code WaitRegistry} records each wait on
 * the waiting thread's record as the woven park methods report it, and maps a queue's conditions
 * back to the queue; {@code WaitFacts} describes each parked thread in words a person can act on,
 * and proves from the recorded facts alone which waits last forever.
 *
 * <p>Internal seams, public for the agent's other packages only: {@code WaitRegistry} (the
 * {@code WaitListener} the installer registers), {@code WaitFacts} (read by {@code reporting})
 * and {@code WaitInstrumentation} (this feature's hook points, for the installer's plan).
 */
package dev.threadleak.agent.waits;
