package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class UncheckedTestsTest {

    @Test
    void junit4OrTestNGOutsideTheJUnitPlatformIsNamed() {
        assertEquals("JUnit 4", UncheckedTests.framework(List.of("java.lang.String", "org.junit.runner.Runner")));
        assertEquals("TestNG", UncheckedTests.framework(List.of("org.testng.TestNG", "com.acme.Main")));
    }

    /** Under the platform (the vintage engine runs JUnit 4), the extension's own warning speaks. */
    @Test
    void nothingIsSaidWhereTheJUnitPlatformRanOrNoFrameworkDid() {
        assertNull(UncheckedTests.framework(List.of("org.junit.runner.Runner",
                "org.junit.platform.launcher.core.LauncherFactory")));
        assertNull(UncheckedTests.framework(List.of("java.lang.String", "com.acme.Main")));
    }
}
