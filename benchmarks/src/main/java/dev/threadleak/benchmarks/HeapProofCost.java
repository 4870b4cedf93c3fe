package dev.threadleak.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the heap proof costs on a ~100 MB and a ~500 MB live heap, ours beside LeakCanary's Shark
 * on the same dumps. A child JVM ({@link BallastHeap}) makes each dump once, in a temporary
 * directory deleted at the end; each analysis runs in a JVM of its own ({@link HeapProofRun}).
 * Time: the median (and range) of fresh-JVM runs, as the CLI and the agent run the proof once.
 * Memory: the smallest {@code -Xmx} (G1, the default collector) with which the analysis still
 * completes, found by bisection, less the same for a JVM that does nothing: the heap the analysis
 * adds at its peak. Our reader streams the file; a reader that maps it (as ours did before) holds
 * the file's pages besides, which this does not count. Targets: at most 0.5 s per 100 MB of live
 * heap, and at most half the live heap.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.threadleak.benchmarks.HeapProofCost [--quick]
 * [--sizes 100,500] [--analyses ours,shark]}, or {@code --only heap} of {@link AgentCost}. The system
 * property {@code threadleak.heap-proof.jar} puts another build of the proof first on our runs'
 * class path (to measure an older reader).
 */
final class HeapProofCost {

    private static final double SECONDS_PER_100_MB = 0.5;
    private static final double MEMORY_PER_LIVE = 0.5;
    private static final long TIMEOUT_SECONDS = 600;

    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final String classPath = System.getProperty("java.class.path");
    private final String oursClassPath = System.getProperty("threadleak.heap-proof.jar", "");
    private final boolean quick;
    private final List<Integer> sizes;
    private final List<String> analyses;
    private final PrintStream out;

    HeapProofCost(boolean quick, PrintStream out) {
        this(quick, List.of(100, 500), List.of("ours", "shark"), out);
    }

    private HeapProofCost(boolean quick, List<Integer> sizes, List<String> analyses, PrintStream out) {
        this.quick = quick;
        this.sizes = sizes;
        this.analyses = analyses;
        this.out = out;
    }

    /** {@code [--quick] [--sizes 100,500] [--analyses ours,shark]}: a part of the whole, to keep a run short. */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> options = List.of(args);
        new HeapProofCost(options.contains("--quick"),
                List.of(option(options, "--sizes", "100,500").split(",")).stream().map(Integer::valueOf).toList(),
                List.of(option(options, "--analyses", "ours,shark").split(",")), System.out).measure();
    }

    private static String option(List<String> options, String name, String otherwise) {
        int i = options.indexOf(name);
        return i >= 0 && i + 1 < options.size() ? options.get(i + 1) : otherwise;
    }

    /** A dump made by {@link BallastHeap}. */
    private record Dump(Path file, long liveBytes, String leaked) {
        double liveHundredsOfMegabytes() {
            return liveBytes / (100.0 * (1 << 20));
        }
    }

    /** One analysis on one dump: seconds (wall, and CPU of its thread) of each run, and the heap it adds. */
    private record Cost(List<Double> seconds, List<Double> cpu, long heapMegabytes) {
        double median() {
            return median(seconds);
        }

        static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    void measure() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("threadleak-heap-proof-cost-");
        dir.toFile().deleteOnExit();
        List<String> lines = new ArrayList<>();
        try {
            long jvm = smallestHeap("none", null, 256, 10);
            lines.add("an empty JVM completes in -Xmx" + jvm + "m: subtracted from each analysis's heap as its own");
            for (int megabytes : sizes) {
                Dump dump = dump(dir, megabytes);
                Map<String, Cost> costs = new TreeMap<>();
                for (String analysis : analyses) {
                    costs.put(analysis, cost(analysis, dump, jvm));
                }
                lines.addAll(rows(megabytes, dump, costs));
                Files.delete(dump.file());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.println();
        out.println("heap proof on JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs; time: median [range] of " + runs() + " fresh-JVM run(s); memory: smallest -Xmx that"
                + " completes (G1, bisection to " + Math.round(precision() * 100) + "%)");
        lines.forEach(out::println);
    }

    private int runs() {
        return quick ? 1 : 3;
    }

    private double precision() {
        return quick ? 0.10 : 0.05;
    }

    private Dump dump(Path dir, int megabytes) throws IOException, InterruptedException {
        Path file = dir.resolve("heap-" + megabytes + ".hprof");
        file.toFile().deleteOnExit(); // a run cut short (Ctrl-C) leaves no dump behind
        out.println("# making a dump of about " + megabytes + " MB of live heap");
        String output = run(List.of("-Xmx" + (megabytes * 3 + 256) + "m", "-cp", classPath,
                BallastHeap.class.getName(), file.toString(), Integer.toString(megabytes)), TIMEOUT_SECONDS);
        if (output == null) {
            throw new IllegalStateException("could not make the dump of " + megabytes + " MB");
        }
        String line = output.lines().filter(l -> l.startsWith("live=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the ballast JVM said: " + output));
        String[] parts = line.split(" ");
        return new Dump(file, Long.parseLong(parts[0].substring(5)), parts[1].substring(7));
    }

    /** Shark's memory is measured on the 100 MB dump only in quick mode: each of its runs on 500 MB takes minutes. */
    private boolean measuresMemory(String analysis, Dump dump) {
        return !quick || analysis.equals("ours") || dump.liveBytes() < 300L << 20;
    }

    private Cost cost(String analysis, Dump dump, long jvm) throws IOException, InterruptedException {
        long generous = Files.size(dump.file()) * 4 / (1 << 20) + 512;
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs(); i++) {
            String output = analyse(analysis, dump, generous, TIMEOUT_SECONDS);
            if (output == null) {
                throw new IllegalStateException(analysis + " failed on " + dump.file().getFileName() + " with -Xmx"
                        + generous + "m");
            }
            seconds.add(Double.parseDouble(value(output, "seconds")));
            cpu.add(Double.parseDouble(value(output, "cpu")));
            out.printf("# %s on %s: %s s, CPU %s s%n", analysis, dump.file().getFileName(), value(output, "seconds"),
                    value(output, "cpu"));
        }
        if (!measuresMemory(analysis, dump)) {
            return new Cost(seconds, cpu, -1);
        }
        // a heap just too small makes the collector thrash before it gives up: that is a failure too
        long timeout = (long) (Math.ceil(seconds.stream().mapToDouble(d -> d).max().orElse(1)) * 2 + 15);
        return new Cost(seconds, cpu, smallestHeap(analysis, dump, generous, timeout) - jvm);
    }

    /** The smallest -Xmx, in MB, with which {@code analysis} completes: bisection down from {@code passes}. */
    private long smallestHeap(String analysis, Dump dump, long passes, long timeout)
            throws IOException, InterruptedException {
        long fails = 2;
        while (passes - fails > Math.max(1, passes * precision())) {
            long mid = (fails + passes) / 2;
            boolean ok = analyse(analysis, dump, mid, timeout) != null;
            out.printf("# %s with -Xmx%dm: %s%n", analysis, mid, ok ? "completes" : "fails");
            if (ok) {
                passes = mid;
            } else {
                fails = mid;
            }
        }
        return passes;
    }

    /** The analysis's output, or null when it failed or took longer than {@code timeoutSeconds}. */
    private String analyse(String analysis, Dump dump, long heapMegabytes, long timeoutSeconds)
            throws IOException, InterruptedException {
        String cp = analysis.equals("ours") && !oursClassPath.isEmpty()
                ? oursClassPath + File.pathSeparator + classPath : classPath;
        List<String> args = new ArrayList<>(List.of("-Xmx" + heapMegabytes + "m", "-cp", cp,
                HeapProofRun.class.getName(), analysis));
        if (dump != null) {
            args.add(dump.file().toString());
        }
        if (analysis.equals("ours")) {
            args.add(dump.leaked());
        }
        return run(args, timeoutSeconds);
    }

    private String run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes(), Charset.defaultCharset()));
            } catch (IOException e) {
                // the process was killed
            }
        }, "heap-proof-cost-output");
        reader.start();
        boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        reader.join();
        return ended && p.exitValue() == 0 ? output.toString() : null;
    }

    private static String value(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1))
                .orElseThrow(() -> new IllegalStateException("no " + key + " in: " + output));
    }

    private List<String> rows(int megabytes, Dump dump, Map<String, Cost> costs) throws IOException {
        List<String> lines = new ArrayList<>();
        double live = dump.liveBytes() / (double) (1 << 20);
        lines.add(String.format("%d MB target: live heap %.0f MB, dump %d MB", megabytes, live,
                Files.size(dump.file()) >> 20));
        for (Map.Entry<String, Cost> e : costs.entrySet()) {
            Cost c = e.getValue();
            double perHundred = c.median() / dump.liveHundredsOfMegabytes();
            double low = c.seconds().stream().mapToDouble(d -> d).min().orElseThrow() / dump.liveHundredsOfMegabytes();
            double high = c.seconds().stream().mapToDouble(d -> d).max().orElseThrow() / dump.liveHundredsOfMegabytes();
            double memory = c.heapMegabytes() / live;
            boolean ours = e.getKey().equals("ours");
            lines.add(String.format("  %-6s %6.2f s, %.2f s per 100 MB [%.2f-%.2f]%s, CPU of its thread %.2f s; %s",
                    e.getKey(), c.median(), perHundred, low, high,
                    ours ? " (target 0.5: " + verdict(low, high, SECONDS_PER_100_MB) + ")" : "", Cost.median(c.cpu()),
                    c.heapMegabytes() < 0 ? "heap not measured (quick mode)"
                            : String.format("heap %d MB more than an empty JVM's, %.2fx live%s", c.heapMegabytes(),
                            memory, ours ? " (target 0.5x: " + verdict(memory, memory, MEMORY_PER_LIVE) + ")" : "")));
        }
        Cost ours = costs.get("ours");
        Cost shark = costs.get("shark");
        if (ours != null && shark != null) {
            lines.add(String.format("  Shark / ours: %.1fx the time%s", shark.median() / ours.median(),
                    shark.heapMegabytes() < 0 || ours.heapMegabytes() <= 0 ? ""
                            : String.format(", %.1fx the memory", shark.heapMegabytes() / (double) ours.heapMegabytes())));
        }
        return lines;
    }

    private static String verdict(double low, double high, double target) {
        return high <= target ? "ok" : low > target ? "MISS" : "within noise";
    }
}
