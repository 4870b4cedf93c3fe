/**
 * The agent's entry points and its top. {@code ThreadleakAgent} ({@code premain}/{@code agentmain})
 * parses the options and puts the bootstrap hooks in place; {@code Installer} wires the registries,
 * the weaving and the reports together, checks that the weaving took ({@code SelfCheck}), and
 * registers {@code InstalledAgent}, the implementation of {@code dev.threadleak.api.Agent}, for
 * in-process clients. What the agent does to the JDK is read in two files here:
 * {@code InstrumentationPlan} (every method it weaves, per feature, and why) and {@code JdkAccess}
 * (every internal package it opens, and why). Nothing here may stop the host JVM: nothing escapes
 * {@code premain}, and under a SecurityManager {@code Privileges} decides whether the agent
 * installs and runs its work privileged.
 *
 * <p>Public: {@code ThreadleakAgent}, which the JVM calls (the jar's manifest names it),
 * {@code AgentOptions}, parsed once here and read by the packages each option configures
 * ({@code threads}: creation stacks; {@code reporting}: where and when reports go;
 * {@code channel}: min-age and exclusions), {@code Privileges}, which the agent's threads
 * run their bodies through, and {@code PerClassInstance}, the one static field of ours that the
 * heap proof counts as a holder (a per-class test instance, for the length of a dump): it is here,
 * outside the packages the proof takes for the agent's bookkeeping, on purpose.
 */
package dev.threadleak.agent;
