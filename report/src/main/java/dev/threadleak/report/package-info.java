/**
 * The one model of a leak report ({@link dev.threadleak.report.LeakReport}), which the agent, the
 * JUnit extension and the CLI build, print and read alike, and its two forms: JSON for tools
 * ({@link dev.threadleak.report.ReportJson}: written whole, read as a stream within a size limit)
 * and text for people ({@link dev.threadleak.report.ReportText}: stacks folded by
 * {@link dev.threadleak.report.FoldedStack}, application text escaped by
 * {@link dev.threadleak.report.TerminalText}), and a summary of a few lines for a failed test's
 * message ({@link dev.threadleak.report.ReportSummary}). Also the few facts all three share: the DURATION
 * syntax ({@link dev.threadleak.report.Durations}) and the threads that are never leaks
 * ({@link dev.threadleak.report.KnownThreads}: the JVM's, common libraries', ours). Records here are public because they are the
 * report's schema; they hold data and no behaviour beyond printing themselves for people.
 */
package dev.threadleak.report;
