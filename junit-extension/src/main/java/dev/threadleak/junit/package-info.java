/**
 * The JUnit Jupiter extension: {@code @DetectThreadLeaks} and {@code ThreadLeakExtension}, the
 * configuration parameters read in one place, and the two modes a run checks with: through the
 * agent (a thin watch over a {@code dev.threadleak.api.Scope}; the agent loaded with
 * {@code -javaagent} or attached by Byte Buddy) or, without it, thread snapshots. Both wait
 * through the API's grace period; ignore rules, the {@code ThreadLeakFilter}s users write, and
 * report files (a short summary in the failure, the full report beside it) are the extension's own;
 * so is the rule that a static field of another class than the test's holding a leak as a
 * singleton makes it the JVM's ({@code LeakCheck}), and the look, when a class ends, at what its
 * tests left out that way and has been orphaned since ({@code OrphanedSingletons}).
 */
package dev.threadleak.junit;
