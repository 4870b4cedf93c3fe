package dev.threadleak.benchmarks;

import dev.threadleak.heapproof.HeapFinding;
import dev.threadleak.heapproof.HeapProof;
import dev.threadleak.heapproof.ProofInput;
import dev.threadleak.report.Verdict;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import kotlin.sequences.Sequence;
import shark.CloseableHeapGraph;
import shark.GcRoot;
import shark.HeapField;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;

/**
 * One analysis of a heap dump, in a JVM of its own so that its time is a first run's (as the CLI
 * and the agent run the proof) and its memory can be bounded: {@code ours FILE TIDS} runs the heap
 * proof on the threads {@code TIDS} (comma-separated), and fails unless it proves each of them
 * blocked forever; {@code shark FILE} has LeakCanary's Shark index the dump and mark every object
 * reachable from a GC root (the part of the proof a library would do: Shark has no fixpoint);
 * {@code none} does nothing, for the memory of the JVM itself. Prints {@code seconds=S} (wall
 * time), {@code cpu=S} (the CPU time of the thread that ran it, from the JVM's start: what a busy
 * machine changes least) and {@code objects=N}.
 */
public final class HeapProofRun {

    private HeapProofRun() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long objects = switch (args[0]) {
            case "ours" -> ours(Path.of(args[1]), args[2]);
            case "shark" -> shark(new File(args[1]));
            case "none" -> 0;
            default -> throw new IllegalArgumentException("unknown analysis " + args[0]);
        };
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.out.printf("seconds=%.3f%ncpu=%.3f%nobjects=%d%n", (System.nanoTime() - start) / 1e9, cpu / 1e9, objects);
    }

    private static long ours(Path dump, String tids) {
        Set<Long> candidates = Arrays.stream(tids.split(",")).map(Long::valueOf).collect(Collectors.toSet());
        HeapProof.Result result = HeapProof.analyse(dump, new ProofInput(candidates, Set.of(), List.of()));
        if (result.failure() != null) {
            throw new IllegalStateException(result.failure());
        }
        Set<Long> forever = result.findings().stream().filter(f -> f.verdict() == Verdict.BLOCKED_FOREVER)
                .map(HeapFinding::threadId).collect(Collectors.toSet());
        if (!forever.equals(candidates)) {
            throw new IllegalStateException("the proof found " + forever.size() + " of " + candidates.size()
                    + " threads blocked forever: " + result.note());
        }
        return result.heapObjects();
    }

    /** Shark's index, then every object reachable from a GC root, by Shark's own object index. */
    private static long shark(File dump) throws Exception {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(dump, null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            BitSet seen = new BitSet(graph.getObjectCount());
            long[] work = new long[1 << 16];
            int size = 0;
            for (GcRoot root : graph.getGcRoots()) {
                size = push(work, size, root.getId());
                work = grown(work, size);
            }
            long reached = 0;
            while (size > 0) {
                HeapObject object = graph.findObjectByIdOrNull(work[--size]);
                if (object == null || seen.get(object.getObjectIndex())) {
                    continue;
                }
                seen.set(object.getObjectIndex());
                reached++;
                Sequence<HeapField> fields = object instanceof HeapObject.HeapInstance instance ? instance.readFields()
                        : object instanceof HeapObject.HeapClass type ? type.readStaticFields() : null;
                if (fields != null) {
                    for (HeapField field : iterable(fields)) {
                        Long ref = field.getValue().getAsNonNullObjectId();
                        if (ref != null) {
                            size = push(work, size, ref);
                            work = grown(work, size);
                        }
                    }
                } else if (object instanceof HeapObject.HeapObjectArray array) {
                    for (long ref : array.readRecord().getElementIds()) {
                        if (ref != 0) {
                            size = push(work, size, ref);
                            work = grown(work, size);
                        }
                    }
                }
            }
            return reached;
        }
    }

    private static int push(long[] work, int size, long id) {
        work[size] = id;
        return size + 1;
    }

    private static long[] grown(long[] work, int size) {
        return size < work.length ? work : Arrays.copyOf(work, work.length * 2);
    }

    private static <T> Iterable<T> iterable(Sequence<T> sequence) {
        return sequence::iterator;
    }
}
