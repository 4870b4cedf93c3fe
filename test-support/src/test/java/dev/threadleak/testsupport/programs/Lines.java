package dev.threadleak.testsupport.programs;

/** Prints its arguments, one a line, and ends. */
public final class Lines {

    private Lines() {
    }

    public static void main(String[] args) {
        for (String line : args) {
            System.out.println(line);
        }
    }
}
