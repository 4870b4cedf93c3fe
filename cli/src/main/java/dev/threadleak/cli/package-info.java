/**
 * The {@code threadleak} command line: one picocli command class per subcommand
 * ({@code ps}, {@code attach}, {@code dump}, {@code check}, {@code watch}, {@code diff}), shared
 * options as mixins ({@link dev.threadleak.cli.TargetPid}, {@link dev.threadleak.cli.MinAge},
 * {@link dev.threadleak.cli.OutputFormat}, {@link dev.threadleak.cli.ReportFiles}), every error as
 * one line with the contract's exit code ({@link dev.threadleak.cli.OneLineErrors},
 * {@link dev.threadleak.cli.ExitCodes}). It reaches a JVM through the attach API and the agent's
 * socket ({@link dev.threadleak.cli.TargetJvm}, {@link dev.threadleak.cli.AgentChannel}), loading
 * the agent jar it carries ({@link dev.threadleak.cli.EmbeddedAgentJar}). Only
 * {@link dev.threadleak.cli.ThreadleakCommand} is public: the entry point.
 */
package dev.threadleak.cli;
