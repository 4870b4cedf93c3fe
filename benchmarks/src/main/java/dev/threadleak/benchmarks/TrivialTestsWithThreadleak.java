package dev.threadleak.benchmarks;

import dev.threadleak.junit.DetectThreadLeaks;

/** {@link TrivialTests}, each checked by the extension after it ends, on its defaults. */
@DetectThreadLeaks
public class TrivialTestsWithThreadleak extends TrivialTests {
}
