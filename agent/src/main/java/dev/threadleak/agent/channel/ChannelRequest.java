package dev.threadleak.agent.channel;

import java.nio.file.Path;

/**
 * One request of the channel protocol, a line of words: {@code threadleak/1 report [min-age=MILLIS]
 * [sites]} for the live report (with live threads counted by creation site if {@code sites}), or
 * {@code threadleak/1 sites} for the counts alone, which {@code threadleak watch} asks for at every
 * refresh, or {@code threadleak/1 heap PATH} to write the live heap to PATH for
 * {@code threadleak dump --prove} ({@link HeapDumpFile}; PATH is the rest of the line, so it may
 * hold spaces). The version word lets an agent refuse a CLI newer than itself in words, not in garbage.
 */
record ChannelRequest(boolean report, Long minAgeMillis, boolean sites, Path heapFile) {

    static final String PROTOCOL = "threadleak/1";
    private static final String HEAP = "heap";

    /** Parses a request line; {@link IllegalArgumentException} says what was wrong, in one line. */
    static ChannelRequest parse(String line) {
        String[] words = line.trim().split(" +");
        if (!words[0].equals(PROTOCOL)) {
            throw new IllegalArgumentException("this agent speaks " + PROTOCOL + ", not '" + words[0]
                    + "': use the threadleak CLI of the agent's version");
        }
        if (words.length >= 2 && words[1].equals(HEAP)) {
            String rest = line.trim().substring(PROTOCOL.length()).trim().substring(HEAP.length()).trim();
            return new ChannelRequest(false, null, false, HeapDumpFile.parse(rest));
        }
        if (words.length < 2 || !(words[1].equals("report") || words[1].equals("sites"))) {
            throw new IllegalArgumentException("expected 'report', 'sites' or 'heap' after " + PROTOCOL);
        }
        boolean report = words[1].equals("report");
        Long minAge = null;
        boolean sites = !report;
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            if (report && word.equals("sites")) {
                sites = true;
            } else if (report && word.startsWith("min-age=")) {
                minAge = millis(word.substring("min-age=".length()));
            } else {
                throw new IllegalArgumentException("unknown word '" + word + "' in a " + words[1] + " request");
            }
        }
        return new ChannelRequest(report, minAge, sites, null);
    }

    private static long millis(String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException("min-age must be milliseconds >= 0, was '" + value + "'");
    }

    String toLine() {
        if (heapFile != null) {
            return PROTOCOL + " " + HEAP + " " + heapFile;
        }
        StringBuilder line = new StringBuilder(PROTOCOL).append(report ? " report" : " sites");
        if (report && minAgeMillis != null) {
            line.append(" min-age=").append(minAgeMillis);
        }
        if (report && sites) {
            line.append(" sites");
        }
        return line.toString();
    }
}
