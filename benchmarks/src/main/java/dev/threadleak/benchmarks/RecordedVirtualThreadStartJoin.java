package dev.threadleak.benchmarks;

import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link VirtualThreadStartJoin} with and without a JFR recording of the agent's events: the
 * events are committed when a report is made, never when a thread starts, so the two must match.
 */
public class RecordedVirtualThreadStartJoin extends VirtualThreadStartJoin {

    @Param({"off", "on"})
    public String recording;

    private Recording running;

    @Setup
    public void startRecording() throws Exception {
        running = recording.equals("on") ? FlightRecording.start() : null;
    }

    @TearDown
    public void stopRecording() {
        if (running != null) {
            running.close();
        }
    }
}
