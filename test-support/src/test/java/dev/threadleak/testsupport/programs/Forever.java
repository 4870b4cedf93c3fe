package dev.threadleak.testsupport.programs;

/** Prints {@code ready}, then reads standard input until it closes, which the harness never does. */
public final class Forever {

    private Forever() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        while (System.in.read() >= 0) {
            // until it is ended
        }
    }
}
