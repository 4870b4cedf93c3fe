package dev.threadleak.testsupport.programs;

/** Prints its arguments but the first on stdout, "to stderr" on stderr, and exits with the first. */
public final class Echo {

    private Echo() {
    }

    public static void main(String[] args) {
        System.out.println(String.join(" ", java.util.Arrays.asList(args).subList(1, args.length)));
        System.err.println("to stderr");
        System.exit(Integer.parseInt(args[0]));
    }
}
