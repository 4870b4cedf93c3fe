package dev.threadleak.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;

/**
 * {@value #TESTS} clean tests that do next to nothing, for {@link JUnitPerTest}: what JUnit costs
 * per test, and with {@link TrivialTestsWithThreadleak} what the extension adds. Not a test of
 * this module (it lives in main, and surefire runs only src/test).
 */
public class TrivialTests {

    static final int TESTS = 1_000;

    @RepeatedTest(TESTS)
    void trivial() {
        assertEquals(4, Integer.sum(2, 2));
    }
}
