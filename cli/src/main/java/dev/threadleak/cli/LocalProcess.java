package dev.threadleak.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the OS says about a pid before we try to attach, so that the attach API is only asked
 * about JVMs: asked about anything else, it waits 10.5 s for an answer that never comes, and a
 * JDK without its SIGQUIT check would kill the process. Facts come from {@code /proc} on Linux;
 * elsewhere they are unknown and we let the attach API decide.
 */
final class LocalProcess {

    /** Bit of SIGQUIT (3) in {@code /proc/PID/status}'s SigCgt mask: every HotSpot JVM catches it. */
    private static final int SIGQUIT = 3;

    private final long pid;
    private final ProcessHandle handle;

    private LocalProcess(long pid, ProcessHandle handle) {
        this.pid = pid;
        this.handle = handle;
    }

    /** The live process with this pid, or an {@link UnreachableJvmException} saying there is none. */
    static LocalProcess find(long pid) throws UnreachableJvmException {
        Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (handle.isEmpty() || !handle.get().isAlive()) {
            throw new UnreachableJvmException("no process with pid " + pid + "; list the JVMs you can reach with 'threadleak ps'");
        }
        return new LocalProcess(pid, handle.get());
    }

    long pid() {
        return pid;
    }

    /** What it runs, for messages: the executable, or "an unknown program". */
    String command() {
        return handle.info().command().orElse("an unknown program");
    }

    /** The user who owns it, if the OS tells. */
    Optional<String> owner() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            return Optional.of(Files.getOwner(proc).getName());
        } catch (IOException | UnsupportedOperationException e) {
            return handle.info().user();
        }
    }

    /** Empty where we cannot tell (not Linux, or not ours to read). */
    Optional<Boolean> catchesSigquit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    return Optional.of(new BigInteger(line.substring("SigCgt:".length()).trim(), 16).testBit(SIGQUIT - 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return Optional.empty();
    }

    /** Who we run as, by the same name the OS gives file owners ({@code user.name} may differ in containers). */
    static String currentUser() {
        try {
            return Files.getOwner(Path.of("/proc/self")).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return System.getProperty("user.name");
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(currentUser());
    }
}
