package dev.threadleak.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name, for the JSON lines a log pipeline gathers from many. Read once, lazily, and
 * without the network where the system can say: {@code InetAddress.getLocalHost()} resolves the
 * name, and a resolver that does not know it can take seconds (macOS is known for it); it is
 * the last resort only. Never null: {@code "unknown"} when nothing answers.
 */
public final class HostName {

    private static final Path LINUX = Path.of("/proc/sys/kernel/hostname");

    private HostName() {
    }

    public static String local() {
        return Holder.NAME;
    }

    private static final class Holder {
        static final String NAME = find();
    }

    private static String find() {
        try {
            if (Files.isReadable(LINUX)) {
                String name = new String(Files.readAllBytes(LINUX), StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: ask the others
        }
        try {
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String name = System.getenv(variable);
                if (name != null && !name.isBlank()) {
                    return name.trim();
                }
            }
        } catch (RuntimeException e) {
            // a SecurityManager that hides the environment: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
