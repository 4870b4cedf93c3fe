package dev.threadleak.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording with the settings the agent jar ships ({@code threadleak.jfc}, found on the
 * class path the agent jar joins), for the benchmarks that measure what a recording of the
 * agent's events costs. Recorded in memory only and thrown away.
 */
final class FlightRecording {

    /** Where the agent jar holds them: under our own package, as everything in it. */
    static final String SETTINGS = "dev/threadleak/agent/telemetry/threadleak.jfc";

    private FlightRecording() {
    }

    static Recording start() throws IOException, ParseException {
        try (InputStream settings = ClassLoader.getSystemResourceAsStream(SETTINGS)) {
            if (settings == null) {
                throw new IllegalStateException(SETTINGS + " is not on the class path: run with the threadleak agent");
            }
            Recording recording = new Recording(Configuration.create(new InputStreamReader(settings,
                    StandardCharsets.UTF_8)));
            recording.setToDisk(false);
            recording.start();
            return recording;
        }
    }
}
