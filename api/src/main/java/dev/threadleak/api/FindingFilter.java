package dev.threadleak.api;

/**
 * Says which findings a check leaves out: a thread the caller knows to be benign, or one an
 * earlier check already judged. What it excludes neither counts as a leak nor makes the check wait.
 */
@FunctionalInterface
public interface FindingFilter {

    /** Excludes nothing. */
    FindingFilter NONE = finding -> null;

    /** Why {@code finding} is left out of the check (a report may say so), or null when it counts. */
    String excludes(Finding finding);
}
