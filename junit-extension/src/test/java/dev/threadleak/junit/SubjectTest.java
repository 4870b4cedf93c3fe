package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The first line of a class's failure, as a reader meets it. */
class SubjectTest {

    private static Subject leftovers() {
        return new Subject(Subject.Kind.CLASS_LEFTOVERS, "com.acme.MetersTest", "MetersTest", SubjectTest.class,
                "the class ended", "a static field held or kept it");
    }

    /** servicecomb's trial: "3 leaks ...: a static field held or kept it" read as one thing. */
    @Test
    void leftoversOfSeveralSayWhyOfEach() {
        assertEquals("1 leak from test class `MetersTest`: a test left it, and the code had not ended it when the "
                + "class ended (it was left for then by its test's check, as a static field held or kept it when that "
                + "test ended)", leftovers().headline(1, 0, false));
        assertEquals("3 leaks from test class `MetersTest`: its tests left them, and the code had not ended them when "
                + "the class ended (each was left for then by its test's check, as a static field held or kept it when "
                + "that test ended)", leftovers().headline(3, 0, false));
    }
}
