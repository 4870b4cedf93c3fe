/**
 * Files and waits that every part of threadleak (the agent, the JUnit extension, the CLI) needs,
 * done once and safely, with nothing but the JDK.
 * <ul>
 * <li>{@link dev.threadleak.io.OutputFile}: writes a report or a jar to a path somebody named: a
 *     regular file is replaced atomically (mode 0600 unless asked otherwise), a device, FIFO or
 *     link is written in place and never replaced, a directory is refused.</li>
 * <li>{@link dev.threadleak.io.OwnedDirectory}: a fresh directory of mode 0700 (or 0755), and the
 *     check that an existing one is ours and closed to others.</li>
 * <li>{@link dev.threadleak.io.Deadline}: time left, and a poll that waits the caller's way
 *     (join, latch, or a short sleep where there is nothing to wait on) until done or too late.</li>
 * </ul>
 * The agent jar carries this package unrelocated; it starts no thread and keeps no state.
 */
package dev.threadleak.io;
