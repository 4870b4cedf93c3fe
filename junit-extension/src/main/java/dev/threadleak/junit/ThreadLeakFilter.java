package dev.threadleak.junit;

import dev.threadleak.api.Finding;

/**
 * Says in code that a finding is not a leak, for what a name, frame or creator list cannot pin
 * down (randomizedtesting's {@code ThreadFilter}, goleak's {@code IgnoreAnyFunction}). Name the
 * class in {@link DetectThreadLeaks#filters()} or in the configuration parameter
 * {@code threadleak.filters} (comma-separated class names); it needs a constructor without
 * arguments, and one instance serves a whole run (or, named in an annotation, a class), so keep it
 * stateless.
 *
 * <pre>{@code
 * public final class GrpcThreads implements ThreadLeakFilter {
 *     public boolean ignores(Finding finding) {
 *         return finding.names().stream().allMatch(name -> name.startsWith("grpc-default-executor-"));
 *     }
 * }
 * }</pre>
 *
 * <p>What a finding offers: {@link Finding#names()} (the thread's name, or an executor's
 * workers'), {@link Finding#thread()} (the live thread, when the finding is one),
 * {@link Finding#leak()} (kind, creation stack, creator, what it waits on) and
 * {@link Finding#currentStack()}. Keep the rule narrow: one that matches a real leak hides it.
 */
@FunctionalInterface
public interface ThreadLeakFilter {

    /**
     * True when {@code finding} is not a leak: it neither counts nor makes the check wait, and a
     * report that has other leaks names it as ignored by this filter. Called on the test's thread,
     * for each finding of each look during the grace period, so keep it fast.
     */
    boolean ignores(Finding finding);
}
