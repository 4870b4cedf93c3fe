package dev.threadleak.cli;

import java.nio.file.Path;

/**
 * Runs a test's body with {@code java.io.tmpdir} set to a directory of the test's, where the CLI
 * unpacks its agent jar, and sets it back after, whatever the body did.
 */
final class TemporaryDirectoryProperty {

    /** A test's body. */
    interface Body {
        void run() throws Exception;
    }

    private TemporaryDirectoryProperty() {
    }

    static void setTo(Path dir, Body body) throws Exception {
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            body.run();
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
