package dev.threadleak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlsThatDriveATerminalOrBreakALineAreEscaped() {
        assertEquals("\\u001b]0;owned\\u0007evil\\r\\nTHREAD LEAKED: fake line",
                TerminalText.escape("\u001b]0;owned\u0007evil\r\nTHREAD LEAKED: fake line"));
        assertEquals("a\\tb\\u0000c\\u007fd", TerminalText.escape("a\tb\u0000c\u007fd"));
        assertEquals("csi\\u009b31m osc\\u009d", TerminalText.escape("csi\u009b31m osc\u009d"), "C1 controls");
        assertEquals("one\\u2028two\\u2029", TerminalText.escape("one\u2028two\u2029"), "line and paragraph separators");
    }

    @Test
    void bidiControlsAreEscapedSoThatNothingIsReordered() {
        assertEquals("admin\\u202e\\u2066txt.exe\\u2069\\u200f\\u061c",
                TerminalText.escape("admin\u202e\u2066txt.exe\u2069\u200f\u061c"));
    }

    @Test
    void everythingElseIsLeftAsItIs() {
        String name = "worker-1 Übersicht 検索 ζ \\ \"quoted\" 🧵";
        assertSame(name, TerminalText.escape(name));
        assertNull(TerminalText.escape(null));
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = TerminalText.escape("\u001b[31mred\r\n");
        assertEquals(once, TerminalText.escape(once));
    }
}
