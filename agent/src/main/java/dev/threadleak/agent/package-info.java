/**
 * The agent's entry points and installer: {@code premain}/{@code agentmain} parse the options and
 * put the bootstrap hooks in place, the installer wires registries, instrumentation and reports
 * together, checks that the instrumentation took, and registers the agent's implementation of
 * {@code dev.threadleak.api.Agent} for in-process clients. Nothing here may stop the host JVM.
 */
package dev.threadleak.agent;
