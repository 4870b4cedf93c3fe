/**
 * The typed contract between the threadleak agent and code running in the same JVM.
 *
 * <p>The agent implements {@link dev.threadleak.api.Agent} and registers one instance when it
 * installs; {@link dev.threadleak.api.Threadleak#agent()} finds it, across class loaders, with the
 * only reflective step of the contract. Through it a caller opens a {@link dev.threadleak.api.Scope}
 * (the work of one or more {@link dev.threadleak.api.Window windows}, each owned by the thread that
 * opened it), reads its live {@link dev.threadleak.api.Finding findings}, and checks it with a
 * grace period ({@link dev.threadleak.api.GracePeriod}) and, on request, the heap proof.
 * {@link dev.threadleak.api.LeakScope} is the user-facing form: goleak's {@code VerifyNone}.
 *
 * <p>Everything here is a value or an interface; the lineage rules that decide what a scope owns
 * live in the agent, once.
 */
package dev.threadleak.api;
