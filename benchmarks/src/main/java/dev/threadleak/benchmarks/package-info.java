/**
 * What threadleak costs, as one command ({@link dev.threadleak.benchmarks.AgentCost}): the parts
 * of the run ({@link dev.threadleak.benchmarks.CostParts}, each a
 * {@link dev.threadleak.benchmarks.CostPart} with its rows and targets), the JMH benchmarks and the
 * programs child JVMs run, and the table that judges each target by its interval
 * ({@link dev.threadleak.benchmarks.CostTable}, {@link dev.threadleak.benchmarks.Interval},
 * {@link dev.threadleak.benchmarks.Target}).
 */
package dev.threadleak.benchmarks;
