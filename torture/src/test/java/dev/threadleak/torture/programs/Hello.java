package dev.threadleak.torture.programs;

/** The host whose own output must come out right whatever the agent is given. */
public final class Hello {

    public static final String LINE = "hello from the app";

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println(LINE);
    }
}
