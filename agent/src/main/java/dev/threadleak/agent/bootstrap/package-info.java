/**
 * The only classes defined in the boot loader: {@code Hooks}, which every woven JDK method calls,
 * and the listener interfaces it forwards to ({@code ThreadListener}, {@code ExecutorListener},
 * {@code WaitListener}), which the registries implement, and {@code RecordSlot}, which the agent
 * makes a virtual thread's continuation implement to hold the thread's record. They are public because JDK classes call
 * them from other packages and from another class loader. They name JDK types only and stay
 * small (a test keeps them so), and nothing else lives here: the agent injects exactly these.
 */
package dev.threadleak.agent.bootstrap;
