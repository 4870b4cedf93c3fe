/**
 * For threadleak's own tests, never shipped: other modules take it with test scope, and no jar
 * we publish carries it.
 * <ul>
 * <li>{@link dev.threadleak.testsupport.ChildJvm}: a test program (or a jar) in a fresh JVM, of
 *     this JDK or another, with an agent from the start or ready for a late attach;
 *     {@link dev.threadleak.testsupport.ChildProcess} is that JVM (or a launcher script) while it
 *     runs, {@link dev.threadleak.testsupport.ChildRun} how it ended and what it printed. Every
 *     wait has a deadline, and no child outlives its test.</li>
 * <li>{@link dev.threadleak.testsupport.BuildOutput}: the jars the build made, as the
 *     integration tests' system properties name them.</li>
 * <li>{@link dev.threadleak.testsupport.ParkedThreads} and
 *     {@link dev.threadleak.testsupport.SignalFile}: what the programs in those JVMs share,
 *     waiting for threads to park and for a file to appear, with a deadline
 *     ({@link dev.threadleak.io.Deadline}); {@link dev.threadleak.testsupport.Deadlocks}, threads
 *     in the deadlocks the JVM itself detects. The harness puts this module and {@code io} on every
 *     child's class path.</li>
 * </ul>
 */
package dev.threadleak.testsupport;
