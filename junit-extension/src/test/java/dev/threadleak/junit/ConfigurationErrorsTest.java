package dev.threadleak.junit;

import static dev.threadleak.junit.Fixtures.failure;
import static dev.threadleak.junit.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.threadleak.junit.DetectThreadLeaks.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad value fails the tests that use the extension, with a message naming the key, the value and what is accepted. */
class ConfigurationErrorsTest {

    @DetectThreadLeaks
    static class PlainTestCase {
        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            threadleak.grace  | 2 seconds | expected a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0
            threadleak.scope  | method    | expected TEST, CLASS or NONE
            threadleak.action | explode   | expected fail or warn
            threadleak.kept.outside | always | expected fail or warn
            threadleak.mode   | magic     | expected auto, agent or snapshot
            threadleak.prove  | yes       | expected true or false
            threadleak.prove.budget | 1 minute | expected none or a number with ms, s, m or h (e.g. 500ms, 10s, 5m), or 0
            threadleak.ignore.names  | worker-[0-9 | 'worker-[0-9' is not a regular expression (Unclosed character class near index 10); entries are separated by commas
            threadleak.ignore.frames | run        | 'run' is not a frame: expected Class.method as the report prints it (e.g. com.acme.Poller.run), or a prefix ending in .* (e.g. com.acme.metrics.*); entries are separated by commas
            """)
    void aBadConfigurationParameterNamesTheKeyTheValueAndWhatIsAccepted(String key, String value, String expected) {
        // Read when the class starts: the class fails, and its tests do not run.
        Throwable failure = failure(run(PlainTestCase.class, Map.of(key, value)), "ConfigurationErrorsTest$PlainTestCase");

        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertEquals("threadleak: configuration parameter " + key + "='" + value + "' is not valid: " + expected
                + ". Change it where it is set: junit-platform.properties, the -D" + key + " system property, or the "
                + "launcher's configuration parameters.", failure.getMessage());
    }

    @Test
    void anAgentJarThatIsNotThereIsNamedWhenTheExtensionNeedsIt() {
        Configuration configuration = Configuration.read(
                key -> key.equals(Configuration.AGENT_JAR) ? java.util.Optional.of("/no/such/agent.jar")
                        : java.util.Optional.empty(), getClass().getClassLoader());

        ExtensionConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                ExtensionConfigurationException.class, () -> AgentJar.locate(configuration));
        assertEquals("threadleak: configuration parameter threadleak.agent.jar='/no/such/agent.jar' is not valid: "
                + "there is no file /no/such/agent.jar; expected the path of threadleak-agent.jar. Change it where it "
                + "is set: junit-platform.properties, the -Dthreadleak.agent.jar system property, or the launcher's "
                + "configuration parameters.", e.getMessage());
    }

    @DetectThreadLeaks(grace = "soon")
    static class BadGraceTestCase {
        @Test
        void test() {
        }
    }

    @DetectThreadLeaks(ignoreNames = "(unclosed")
    static class BadRegexTestCase {
        @Test
        void test() {
        }
    }

    static class BadProveTestCase {
        @Test
        @DetectThreadLeaks(prove = "on")
        void test() {
        }
    }

    static class ClassScopeOnAMethodTestCase {
        @Test
        @DetectThreadLeaks(scope = Scope.CLASS)
        void test() {
        }
    }

    @Test
    void aBadAnnotationAttributeIsAnExtensionConfigurationExceptionNamingTheAttribute() {
        assertBadAnnotation(BadGraceTestCase.class, "ConfigurationErrorsTest$BadGraceTestCase", "threadleak: @DetectThreadLeaks(grace = \"soon\") on "
                + "ConfigurationErrorsTest.BadGraceTestCase is not valid: expected a number with ms, s, m or h "
                + "(e.g. 500ms, 10s, 5m), or 0");
        assertBadAnnotation(BadRegexTestCase.class, "ConfigurationErrorsTest$BadRegexTestCase", "threadleak: @DetectThreadLeaks(ignoreNames) on "
                + "ConfigurationErrorsTest.BadRegexTestCase is not valid: '(unclosed' is not a regular expression "
                + "(Unclosed group near index 9)");
        assertBadAnnotation(BadProveTestCase.class, "test()", "threadleak: @DetectThreadLeaks(prove = \"on\") on "
                + "ConfigurationErrorsTest.BadProveTestCase.test() is not valid: expected \"true\" or \"false\"");
        assertBadAnnotation(ClassScopeOnAMethodTestCase.class, "test()", "threadleak: @DetectThreadLeaks(scope = CLASS) on "
                + "ConfigurationErrorsTest.ClassScopeOnAMethodTestCase.test() is not valid: a method can only use "
                + "TEST; put scope = CLASS on the class");
    }

    private static void assertBadAnnotation(Class<?> fixture, String failed, String message) {
        Throwable failure = failure(run(fixture), failed);
        assertInstanceOf(ExtensionConfigurationException.class, failure);
        assertEquals(message, failure.getMessage());
    }
}
