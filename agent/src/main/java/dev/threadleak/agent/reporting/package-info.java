/**
 * From registries to reports: {@code JvmReports} judges at exit, live (interval reports and the
 * CLI), on the exit-watch and for a scope's findings (which work is a scope's, {@code agent.scope}
 * decides); the reporter thread and the sink that writes reports where the options say.
 */
package dev.threadleak.agent.reporting;
