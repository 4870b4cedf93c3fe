/**
 * The JUnit Jupiter extension: {@code @DetectThreadLeaks} and {@code ThreadLeakExtension}, the
 * configuration parameters read in one place, and the two modes a run checks with: through the
 * agent (a thin watch over a {@code dev.threadleak.api.Scope}; the agent loaded with
 * {@code -javaagent} or attached by Byte Buddy) or, without it, thread snapshots. Both wait
 * through the API's grace period; ignore rules, the {@code ThreadLeakFilter}s users write, and
 * report files (a short summary in the failure, the full report beside it) are the extension's own;
 * so is the rule that a static field of another class than the test's holding a leak as a
 * singleton makes it the JVM's, and that what a static field keeps for the class is judged when
 * the class ends ({@code LeakCheck}), and that look, when a class ends, at what its tests left
 * for it ({@code ClassEndVerdicts}). {@code UncheckedTestsWarning}, a listener the JUnit Platform
 * launcher loads by itself, says at a run's end when JUnit never called the extension.
 */
package dev.threadleak.junit;
