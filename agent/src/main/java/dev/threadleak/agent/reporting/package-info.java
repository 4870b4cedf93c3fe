/**
 * From registries to reports: {@code JvmReports} judges at exit, live (interval reports and the
 * CLI), on the exit-watch and for a scope's findings (which work is a scope's, {@code agent.scope}
 * decides), leaves a running JVM's idle pool workers and class initializers' threads out of its
 * live report ({@code ResidentThreads}), and says when a sleeping thread wakes ({@code Sleeping});
 * {@code Reporter} writes them when the options say (its own thread; the on-exit hook) through
 * the {@code ReportSink} they name (text, JSON, or JSON lines), gives each to {@code telemetry}
 * for JFR, and falls back to {@code LastResortReport} when the on-exit report cannot be built.
 * {@code JvmReports} also counts what lives by creation site, for the MBean's gauges.
 *
 * <p>Public: {@code JvmReports}, read by {@code scope}, {@code channel} and {@code jmx}; and
 * {@code Reporter}, which the installer starts.
 */
package dev.threadleak.agent.reporting;
