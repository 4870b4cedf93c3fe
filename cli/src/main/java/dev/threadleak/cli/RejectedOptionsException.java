package dev.threadleak.cli;

/** The agent refused the options given with {@code attach --options} (a usage error, exit code 2). */
final class RejectedOptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedOptionsException(String message) {
        super(message);
    }
}
