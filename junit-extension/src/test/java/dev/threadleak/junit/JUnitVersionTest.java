package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Proves which JUnit each surefire execution runs on (the pom swaps in JUnit 6 for two of them). */
class JUnitVersionTest {

    @Test
    void theJupiterEngineIsTheOneThisExecutionAskedFor() {
        String expected = System.getProperty("threadleak.test.junit", "5");
        String apiVersion = Test.class.getPackage().getImplementationVersion();
        String kitVersion = EngineTestKit.class.getPackage().getImplementationVersion();
        String engineVersion = TestEngine.class.getPackage().getImplementationVersion();
        assertTrue(apiVersion.startsWith(expected + "."), "junit-jupiter-api " + apiVersion);
        assertTrue(kitVersion.startsWith(expected.equals("5") ? "1." : expected + "."), "testkit " + kitVersion);
        assertTrue(engineVersion.startsWith(expected.equals("5") ? "1." : expected + "."), "platform " + engineVersion);
    }
}
