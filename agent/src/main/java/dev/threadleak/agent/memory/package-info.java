/**
 * How the agent refers to the application's objects without keeping them alive or trusting their
 * {@code equals}: {@code WeakIdentityMap} (executors, tasks, a queue's conditions) and
 * {@code Identity} (how a report names an object it does not hold).
 *
 * <p>Both public, for the {@code executors} and {@code waits} registries.
 */
package dev.threadleak.agent.memory;
