package dev.threadleak.torture.programs;

import java.io.IOException;

/** How a torture program waits for the test: until its standard input closes (or it is ended). */
final class UntilInputCloses {

    private UntilInputCloses() {
    }

    static void ready() {
        System.out.println("ready");
        System.out.flush();
    }

    static void await() throws IOException {
        while (System.in.read() >= 0) {
            // until the test closes our input or ends us
        }
    }
}
