/**
 * Findings as JDK Flight Recorder events, for fleets that already ship recordings:
 * {@code threadleak.Leak} (one per finding of a report) and {@code threadleak.Scan} (one per
 * report). {@code ReportEvents} is the one entry, called by whoever makes a report for someone
 * ({@code reporting}: interval, on-exit, exit-watch; {@code channel}: the CLI's dump;
 * {@code scope}: a scope's end); it names no JFR type, so that nothing of {@code jdk.jfr} loads
 * at start-up or on a JVM without that module. {@code FlightEvents} builds the events, only once
 * a recording wants them. The settings that enable them, {@code threadleak.jfc}, are in this
 * package in the agent jar, and beside the jar in the build.
 *
 * <p>Public: {@code ReportEvents} and {@code ReportTrigger}, for those three packages.
 */
package dev.threadleak.agent.telemetry;
