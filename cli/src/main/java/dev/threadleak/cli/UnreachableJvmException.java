package dev.threadleak.cli;

/**
 * That JVM cannot be reached (exit code 3). The message is one line naming the problem and what
 * to try, printed after {@code threadleak: }.
 */
final class UnreachableJvmException extends Exception {

    private static final long serialVersionUID = 1L;

    UnreachableJvmException(String message) {
        super(message);
    }
}
