package dev.threadleak.junit;

import java.util.List;

/**
 * How this test run sees threads: through the agent (who started what, lineage, creation
 * stacks) or through snapshots of the live threads. Chosen once per run by {@link ModeChoice}.
 */
interface Mode {

    /**
     * Watches the threads the current thread starts from now on, directly or through threads
     * it starts: one test, from before its {@code @BeforeEach} methods to after its
     * {@code @AfterEach} methods.
     */
    Watch testWatch(Subject subject);

    /**
     * Watches a test class. The caller opens a {@link Watch#openWindow() window} around each
     * piece of the class's work (its {@code @BeforeAll}/{@code @AfterAll} methods, and with
     * scope CLASS each test). Null when this mode cannot tell the class's threads from others'.
     */
    Watch classWatch(Subject subject);

    /** Said in every report of this mode: what it sees and what it does not. */
    List<String> notes();
}
