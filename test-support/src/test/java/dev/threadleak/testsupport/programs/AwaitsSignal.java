package dev.threadleak.testsupport.programs;

import dev.threadleak.testsupport.SignalFile;
import java.nio.file.Path;

/** Prints {@code ready}, waits for the file in args[0] through test-support and io, prints whether it came. */
public final class AwaitsSignal {

    private AwaitsSignal() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.println(SignalFile.await(Path.of(args[0])) ? "signalled" : "no signal");
    }
}
