/**
 * How the agent refers to the application's objects without keeping them alive or trusting their
 * {@code equals}: {@code WeakIdentityMap} (executors, tasks, a queue's conditions) and
 * {@code Identity} (how a report names an object it does not hold); and how much it remembers:
 * {@code RecordBound} ({@code max-records}, and what it dropped, by kind); and {@code PaddedCounter},
 * a count the hot paths of several threads add to without sharing a cache line.
 *
 * <p>All public, for the registries of {@code threads}, {@code executors} and {@code waits}, and
 * {@code RecordBound} for the reports and the MBean that count what it dropped.
 */
package dev.threadleak.agent.memory;
