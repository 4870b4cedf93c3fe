package dev.threadleak.agent.programs;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * A library's one Cleaner for the whole JVM, made on first use into a static field (Vert.x's
 * {@code CleanerProvider}), and a Cleaner per server made at one place, kept past its server: two
 * of those, as the JVM exits.
 */
public final class CleanersAtExitProgram {

    private static Cleaner shared;
    private static final List<Cleaner> PER_SERVER = new ArrayList<>();

    public static void main(String[] args) {
        sharedCleaner();
        sharedCleaner();
        for (int i = 0; i < 2; i++) {
            PER_SERVER.add(Cleaner.create());
        }
    }

    private static synchronized Cleaner sharedCleaner() {
        if (shared == null) {
            shared = Cleaner.create();
        }
        return shared;
    }
}
