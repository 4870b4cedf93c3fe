package dev.threadleak.cli;

/** The exit codes of the contract, which scripts rely on, and one for our own bugs. */
final class ExitCodes {

    static final int OK = 0;
    /** {@code check} found leaks. */
    static final int LEAKS = 1;
    /** Bad arguments, or a file that is not a report. */
    static final int USAGE = 2;
    /** Cannot reach that JVM: no such pid, not a JVM, attach refused. */
    static final int UNREACHABLE = 3;
    /**
     * A bug in threadleak, or the CLI ran out of memory. Not in the contract: it only has to
     * differ from the four above, so that a script never takes a crash for "no leaks" or "leaks"
     * (sysexits' EX_SOFTWARE). A report file too big for the heap is not this but {@link #USAGE}.
     */
    static final int BUG = 70;

    private ExitCodes() {
    }
}
