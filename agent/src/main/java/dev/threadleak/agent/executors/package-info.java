/**
 * Executors and their tasks: the registry (who made each, its workers, shutdown calls; each
 * task's submission, run, cancellation or loss), the instrumentation that feeds it, the pools that
 * predate a late attach, and the findings built from it (executors never shut down, unfinished,
 * lost or cancellation-ignoring tasks).
 */
package dev.threadleak.agent.executors;
