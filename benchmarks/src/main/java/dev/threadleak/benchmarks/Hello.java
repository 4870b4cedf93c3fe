package dev.threadleak.benchmarks;

/**
 * The program whose start-up {@link StartupTimer} measures. Its last act prints {@link #DONE};
 * the timer stops its clock when that line arrives. It must use no other class of this module:
 * it runs from a jar holding only itself.
 */
public final class Hello {

    static final String DONE = "hello: end of main";

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println(DONE);
        System.out.flush();
    }
}
