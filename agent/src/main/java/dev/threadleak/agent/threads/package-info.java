/**
 * Threads: the registry of every thread started since install (creator, lineage, creation site,
 * how it ended), the {@code Origin} every tracked thing shares with executors and tasks, the
 * threads that predate the agent, and the instrumentation of {@code Thread} that feeds the
 * registry through the bootstrap hooks.
 */
package dev.threadleak.agent.threads;
