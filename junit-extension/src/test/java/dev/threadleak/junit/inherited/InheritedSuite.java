package dev.threadleak.junit.inherited;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Nested tests a superclass declares, run by each subclass (ShedLock's JDBC suites: one abstract
 * class, one subclass per database, each keeping its data source in a static field of its own).
 * Top-level classes, unlike other fixtures, so that the subclass's field is not the declaring
 * class's by its name. Not named as a test: only the test that runs it does.
 */
public abstract class InheritedSuite {

    protected abstract void usePool();

    @Nested
    class Usage {
        @Test
        void usesThePool() {
            usePool();
        }
    }
}
