package dev.threadleak.heapproof;

import dev.threadleak.report.Durations;
import dev.threadleak.report.ProofNotes;
import dev.threadleak.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The heap proof's entry points: which parked threads can never wake, proven from a heap dump
 * (see {@link WakeProof} for the method). In-process ({@link #proveParkedThreads}: dumps this
 * JVM's live heap into a {@link DumpFile}, analyses it, deletes it) and on a dump file another
 * process wrote ({@link #analyse}: what {@code threadleak dump --prove} does after asking the
 * target JVM, through its agent's channel, to {@code dumpHeap(file, true)}).
 *
 * <p>Never throws: a failure is in {@link Result#failure()}, and {@link Result#note()} says it in
 * the words every caller prints ({@link #failureNote} for a failure before there is a result).
 */
public final class HeapProof {

    /**
     * "in a wait the agent recorded without a timeout" read as "the wait has a timeout" (Commons
     * VFS's trial, JDK 17: a thread in an untimed {@code ReferenceQueue.remove}, which is native
     * {@code Object.wait} there, unrecorded): which waits are not recorded is said too.
     */
    private static final String NO_UNTIMED_WAIT = noUntimedWait(Runtime.version().feature());
    /**
     * The note when no proof ran because no thread was in a wait the agent recorded without a
     * timeout: said of what was recorded, since some waits are not (a timed {@code Object.wait}
     * on JDK 17, {@code wait(0)} included, is native there and not woven), of this JVM.
     */
    public static final String NOTHING_TO_PROVE = nothingToProve(Runtime.version().feature());
    /**
     * The same, where a dump was made all the same, to ask which static fields hold what is left:
     * "not run" beside that dump's own note read as a contradiction (Commons IO's trial, JDK 17).
     */
    public static final String NO_WAIT_TO_PROVE = "no wait to prove from the heap: " + NO_UNTIMED_WAIT;

    /** {@link #NOTHING_TO_PROVE} of a JVM of Java {@code feature} (the CLI's target, not its own). */
    public static String nothingToProve(int feature) {
        return ProofNotes.NOT_RUN + ": " + noUntimedWait(feature);
    }

    /**
     * Java 17's {@code Object.wait} is native, and not recorded; from 19 it is Java code that the
     * agent weaves. Said only where it is so: on 25 the remark sent a reader (Vert.x's trial) after
     * a wait the agent had recorded, timed.
     */
    private static String noUntimedWait(int feature) {
        return "no thread is in an untimed wait the agent recorded" + (feature >= 19 ? ""
                : " (on Java " + feature + " a direct Object.wait, such as ReferenceQueue.remove's, is not recorded)");
    }

    private HeapProof() {
    }

    /**
     * What the proof found. {@code findings}: the threads proven {@code BLOCKED_FOREVER} or
     * {@code DEADLOCKED}; {@code remarks}: what it found of threads it cannot call endless (only
     * an interrupt can end the wait; a timed wait on something no one else can reach);
     * {@code eventuallyRunnable}: waiting threads something running can wake; {@code undecided}:
     * threads the dump could not settle (not in it, or not waiting on an object it shows).
     * {@code failure} is non-null when there is no proof at all, and says why. {@code heldBy}: the
     * static field that holds each of the input's subjects as a singleton ({@link StaticHolders}),
     * by the subject's position in its table; {@code keptThrough}: for the other subjects, the static
     * field of the program that keeps each through a collection, array or map
     * ({@link StaticHolders#keptThrough}); {@code waitsProven}: whether there were waits to prove;
     * {@code keptVia}: for the subjects {@code keptThrough} names a field for, the program's
     * classes on a shortest chain from that field to each ({@link StaticHolders#chains});
     * {@code threadNames}: by id, the names of the threads the findings and remarks name, as the
     * dump's {@code Thread} objects have them, for a caller that knows only some.
     */
    public record Result(List<HeapFinding> findings, List<HeapRemark> remarks, Set<Long> eventuallyRunnable,
                         Set<Long> undecided, long dumpMillis, long analysisMillis, long heapObjects, long dumpBytes,
                         String failure, Map<Integer, String> heldBy, Map<Integer, String> keptThrough,
                         boolean waitsProven, Map<Integer, List<String>> keptVia, Map<Long, String> threadNames) {

        public Result {
            findings = List.copyOf(findings);
            remarks = List.copyOf(remarks);
            eventuallyRunnable = Set.copyOf(eventuallyRunnable);
            undecided = Set.copyOf(undecided);
            heldBy = Map.copyOf(heldBy);
            keptThrough = Map.copyOf(keptThrough);
            keptVia = Map.copyOf(keptVia);
            threadNames = Map.copyOf(threadNames);
        }

        /** Without the names of the threads named: the form before {@code threadNames}. */
        public Result(List<HeapFinding> findings, List<HeapRemark> remarks, Set<Long> eventuallyRunnable,
                      Set<Long> undecided, long dumpMillis, long analysisMillis, long heapObjects, long dumpBytes,
                      String failure, Map<Integer, String> heldBy, Map<Integer, String> keptThrough,
                      boolean waitsProven, Map<Integer, List<String>> keptVia) {
            this(findings, remarks, eventuallyRunnable, undecided, dumpMillis, analysisMillis, heapObjects, dumpBytes,
                    failure, heldBy, keptThrough, waitsProven, keptVia, Map.of());
        }

        /** Without the chains to what collections keep: the form before {@code keptVia}. */
        public Result(List<HeapFinding> findings, List<HeapRemark> remarks, Set<Long> eventuallyRunnable,
                      Set<Long> undecided, long dumpMillis, long analysisMillis, long heapObjects, long dumpBytes,
                      String failure, Map<Integer, String> heldBy, Map<Integer, String> keptThrough,
                      boolean waitsProven) {
            this(findings, remarks, eventuallyRunnable, undecided, dumpMillis, analysisMillis, heapObjects, dumpBytes,
                    failure, heldBy, keptThrough, waitsProven, Map.of());
        }

        /** A proof of waits alone. */
        public Result(List<HeapFinding> findings, List<HeapRemark> remarks, Set<Long> eventuallyRunnable,
                      Set<Long> undecided, long dumpMillis, long analysisMillis, long heapObjects, long dumpBytes,
                      String failure) {
            this(findings, remarks, eventuallyRunnable, undecided, dumpMillis, analysisMillis, heapObjects, dumpBytes,
                    failure, Map.of(), Map.of(), true);
        }

        /** A result without remarks: the form from before they existed. */
        public Result(List<HeapFinding> findings, Set<Long> eventuallyRunnable, Set<Long> undecided, long dumpMillis,
                      long analysisMillis, long heapObjects, long dumpBytes, String failure) {
            this(findings, List.of(), eventuallyRunnable, undecided, dumpMillis, analysisMillis, heapObjects, dumpBytes,
                    failure);
        }

        /** A thread as a report that lists it (a thread dump, the whole JVM's report) lets a reader find it. */
        private static final LongFunction<String> BY_ID = id -> "#" + id;
        /** How many thread ids the note names per verdict. */
        private static final int IDS_NAMED = 5;

        static Result failed(String why, long dumpMillis, long analysisMillis) {
            return new Result(List.of(), List.of(), Set.of(), Set.of(), dumpMillis, analysisMillis, 0, 0, why);
        }

        /** This result, with the time the dump took (measured by whoever had it written). */
        public Result withDumpMillis(long millis) {
            return new Result(findings, remarks, eventuallyRunnable, undecided, millis, analysisMillis, heapObjects,
                    dumpBytes, failure, heldBy, keptThrough, waitsProven, keptVia, threadNames);
        }

        /**
         * This result with what {@code field} holds or keeps left out of its holders, for its note:
         * a holder the caller counts for its own reasons (a test instance made once per class, which
         * the caller put in a static field of its own for the dump) is no JVM-wide singleton.
         */
        public Result withoutHolder(String field) {
            Map<Integer, String> held = new HashMap<>(heldBy);
            Map<Integer, String> kept = new HashMap<>(keptThrough);
            held.values().removeIf(field::equals);
            kept.values().removeIf(field::equals);
            return new Result(findings, remarks, eventuallyRunnable, undecided, dumpMillis, analysisMillis, heapObjects,
                    dumpBytes, failure, held, kept, waitsProven, keptVia, threadNames);
        }

        public long tookMillis() {
            return dumpMillis + analysisMillis;
        }

        /**
         * The findings and remarks whose thread still waits as it did before the dump
         * ({@code unchanged}, by thread id), and the notes to print. A thread woken while the heap
         * was written may look stuck in it; and the proof took it for stuck, so its frames were no
         * root: every finding that relied on it goes too (it held their channel, owned their
         * monitor, was joined by them, or shared their cycle), and every remark.
         */
        public Kept keepUnchanged(LongPredicate unchanged) {
            return keepUnchanged(unchanged, BY_ID);
        }

        /**
         * The same, its note naming threads by {@code nameOf} (a scope's report lists only its own
         * threads, so an id alone names an earlier test's thread to nobody).
         */
        public Kept keepUnchanged(LongPredicate unchanged, LongFunction<String> nameOf) {
            return keepUnchanged(unchanged, nameOf, id -> true, null);
        }

        /**
         * The same, its note naming apart the threads {@code ours} does not hold, after
         * {@code notOurs} ({@code "not this test's"}): the JVM's waits are proven together, and a
         * later test's note that named an earlier test's thread blocked forever read, for a moment,
         * as this test's (jboss-logmanager's trial).
         */
        public Kept keepUnchanged(LongPredicate unchanged, LongFunction<String> nameOf, LongPredicate ours,
                                  String notOurs) {
            Map<Long, HeapFinding> kept = new HashMap<>();
            Set<Long> changed = new HashSet<>();
            for (HeapFinding f : findings) {
                if (unchanged.test(f.threadId())) {
                    kept.put(f.threadId(), f);
                } else {
                    changed.add(f.threadId());
                }
            }
            Map<Long, HeapRemark> keptRemarks = new HashMap<>();
            for (HeapRemark r : remarks) {
                if (unchanged.test(r.threadId())) {
                    keptRemarks.put(r.threadId(), r);
                }
            }
            int woke = changed.size();
            boolean dropping = !changed.isEmpty();
            while (dropping) {
                dropping = false;
                for (HeapFinding f : List.copyOf(kept.values())) {
                    if (reliesOn(f, changed)) {
                        kept.remove(f.threadId());
                        changed.add(f.threadId());
                        dropping = true;
                    }
                }
            }
            List<String> notes = new ArrayList<>();
            notes.add(note(nameOf, ours, notOurs));
            if (woke > 0) {
                keptRemarks.clear();
                int relied = changed.size() - woke;
                notes.add("heap proof: " + woke + " thread" + (woke == 1 ? "" : "s")
                        + " stopped waiting during the dump, left unproven"
                        + (relied == 0 ? "" : ", with the " + relied + " whose proof relied on " + (woke == 1 ? "it" : "them")));
            }
            return new Kept(kept, keptRemarks, notes);
        }

        /** How many static fields the note names. */
        private static final int FIELDS_NAMED = 3;

        /**
         * {@code static field com.acme.Registry.INSTANCE holds }, or {@code static fields A.x, B.y
         * and 2 more hold }: which, since a report may still show what one holds (the test class's
         * own field, whose class did not end it), and a count alone names nothing to look at.
         */
        private String holders() {
            List<String> fields = heldBy.values().stream().distinct().sorted().toList();
            if (fields.size() == 1) {
                return "static field " + fields.get(0) + " holds ";
            }
            List<String> named = fields.subList(0, Math.min(FIELDS_NAMED, fields.size()));
            int more = fields.size() - named.size();
            String last = more > 0 ? more + " more" : named.get(named.size() - 1);
            List<String> before = more > 0 ? named : named.subList(0, named.size() - 1);
            return "static fields " + String.join(", ", before) + " and " + last + " hold ";
        }

        private static boolean reliesOn(HeapFinding f, Set<Long> changed) {
            return f.holders() == null || f.holders().stream().anyMatch(changed::contains)
                    || f.interrupters().stream().anyMatch(changed::contains)
                    || changed.contains(f.onThread()) || f.cycle().stream().anyMatch(changed::contains);
        }

        /** One line for a report's notes: what the proof cost and what it settled, or why it failed. */
        public String note() {
            return note(BY_ID);
        }

        /** The same, naming threads by {@code nameOf}. */
        public String note(LongFunction<String> nameOf) {
            return note(nameOf, id -> true, null);
        }

        private String note(LongFunction<String> nameOf, LongPredicate ours, String notOurs) {
            if (failure != null) { // a proof that never began (no dump taken) took no time worth saying
                return failureNote(failure.startsWith(NO_DUMP) ? "" : " after " + tookMillis() + " ms", failure);
            }
            if (!waitsProven) { // the answer first: a reader of a failed test wants it, not the cost
                // a failure's reader wants the answer, not our cost: how long the run waited for it, no more
                // "no static field holds" beside a leak "kept by static field X" read as a contradiction
                // (Commons VFS's trial): with some kept, the note says it is of singletons. The evidence, not
                // a conclusion: a JVM-wide thread no field holds (Dubbo's ticker, which a static flag guards
                // and a shutdown hook stops) read "so none of it is a JVM-wide singleton"
                return (heldBy.isEmpty() ? (keptThrough.isEmpty() ? ProofNotes.NO_HOLDER
                        : "no static field of the program holds what is left as a singleton")
                        // not "as a singleton": of a test class's own field (a client its @AfterAll closed,
                        // whose library forgot a pool), beside the class's failure, that read as an excuse.
                        // No count: it was of what the dump was asked about (a task's pool for the task),
                        // and "holds 1 ...; 20 kept" beside a list of 3 read as a contradiction
                        // (db-scheduler's trial); the notes beside list what is held and kept
                        : holders() + "some of what is left, not through a collection")
                        // "only ..., which makes none of it one": Commons Net's trial read a server in a static
                        // field, not excused, as a contradiction; a singleton is the field's own, not one of many.
                        // "none of that": "none of it" beside "X holds some" read as a contradiction (r2dbc's trial)
                        + (keptThrough.isEmpty() ? "" : "; some is kept by static fields only through a collection, "
                        + "array or map, which makes none of that a singleton")
                        + " (from a heap dump of " + (dumpBytes >> 20) + " MB, " + tookMillis() + " ms)";
            }
            long interruptOnly = remarks.stream().filter(r -> r.kind() == HeapRemark.Kind.INTERRUPT_ONLY).count();
            return ProofNotes.TOOK + tookMillis() + " ms (dump " + dumpMillis + " ms, analysis " + analysisMillis
                    + " ms; " + heapObjects + " objects, " + (dumpBytes >> 20) + " MB): " + ProofNotes.WAITING
                    + counted(Verdict.BLOCKED_FOREVER, "blocked forever", nameOf, ours, notOurs) + ", "
                    + counted(Verdict.DEADLOCKED, "deadlocked", nameOf, ours, notOurs)
                    + ", " + woken(eventuallyRunnable.size() - interruptOnly)
                    + (interruptOnly == 0 ? "" : ", " + interruptOnly + " only by an interrupt");
        }

        /**
         * {@code 1 can still be woken (...)}: why, said where there are any, since "can still be woken"
         * alone read as jargon beside a leak reported as alive (logstash-logback-encoder's trial). The
         * heap's global roots count as static fields do: sqlite-jdbc's user functions, kept by a JNI
         * global reference, read "a static field can reach" and sent a reader looking for none.
         */
        private static String woken(long count) {
            return count + " can still be woken" + (count == 0 ? "" : " (a running thread, a static field or native "
                    + "code's global reference can reach what serves the wait)");
        }

        /**
         * {@code 2 deadlocked (#31, #32)}: the count of findings with {@code verdict}, and the first
         * few threads, as {@code nameOf} names them, since a scope's report lists only its own; of
         * those {@code ours} does not hold, how many, after {@code notOurs}:
         * {@code 2 blocked forever ("a" #41; 1 not this test's)}, {@code 1000 blocked forever (not
         * this test's)}. Named, an earlier test's thousand workers led every later test's note
         * (Wicket's and sqlite-jdbc's trials), which a reader of that test cannot act on.
         */
        private String counted(Verdict verdict, String what, LongFunction<String> nameOf, LongPredicate ours,
                               String notOurs) {
            List<Long> ids = findings.stream().filter(f -> f.verdict() == verdict).map(HeapFinding::threadId)
                    .sorted().toList();
            StringBuilder text = new StringBuilder().append(ids.size()).append(' ').append(what);
            if (ids.isEmpty()) {
                return text.toString();
            }
            List<Long> own = notOurs == null ? ids : ids.stream().filter(ours::test).toList();
            int others = ids.size() - own.size();
            if (own.isEmpty()) {
                return text.append(" (").append(notOurs).append(')').toString();
            }
            text.append(" (");
            int named = named(text, own, nameOf, IDS_NAMED);
            text.append(own.size() > named ? ", ..." : "");
            if (others > 0) {
                text.append("; ").append(others).append(' ').append(notOurs);
            }
            return text.append(')').toString();
        }

        /** Appends the first {@code max} of {@code ids}, named, and says how many. */
        private static int named(StringBuilder text, List<Long> ids, LongFunction<String> nameOf, int max) {
            int n = Math.min(ids.size(), max);
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : ", ").append(nameOf.apply(ids.get(i)));
            }
            return n;
        }
    }

    /** Findings and remarks kept after the woken-during-the-dump check, by thread id, and the notes that go with them. */
    public record Kept(Map<Long, HeapFinding> findings, Map<Long, HeapRemark> remarks, List<String> notes) {

        public Kept {
            findings = Map.copyOf(findings);
            remarks = Map.copyOf(remarks);
            notes = List.copyOf(notes);
        }
    }

    /** The note of a proof that failed before it had a result: the report's verdicts stand as they were. */
    public static String failureNote(String why) {
        return failureNote("", why);
    }

    private static String failureNote(String when, String why) {
        return "heap proof failed" + when + ", verdicts are from runtime facts only: " + why;
    }

    /** Dumps this JVM's live heap and proves which of the {@code input}'s candidates can never wake. */
    public static Result proveParkedThreads(ProofInput input) {
        return LiveHeapDump.keepingTheHeap(() -> dumpAndAnalyse(input));
    }

    /** How the failure of a proof that took no dump for want of heap begins. */
    private static final String NO_DUMP = "no dump taken, since ";
    /** What a note of a dump not read for want of heap ends with: what to change. */
    private static final String MORE_HEAP = "more heap (-Xmx) lets it be read";

    /** This JVM's last dump that was not read for want of heap; null when none was. */
    private static volatile Unread unread;

    /** A dump not read for want of heap: its size, and when it was refused ({@link System#nanoTime()}). */
    private record Unread(long bytes, long atNanos) {
    }

    private static Result dumpAndAnalyse(ProofInput input) {
        long start = System.nanoTime();
        Runtime jvm = Runtime.getRuntime();
        Unread last = unread;
        String noRoom = last == null ? null : noRoomForALikeDump(last.bytes(),
                millis(System.nanoTime() - last.atNanos()), jvm.maxMemory(), jvm.totalMemory() - jvm.freeMemory());
        if (noRoom != null) {
            return Result.failed(noRoom, 0, 0);
        }
        try (DumpFile dump = DumpFile.create()) {
            LiveHeapDump.write(dump.path());
            long dumpMillis = millis(System.nanoTime() - start);
            return analyseDeleting(dump, input).withDumpMillis(dumpMillis);
        } catch (Throwable e) {
            return Result.failed("could not dump the heap: " + e, millis(System.nanoTime() - start), 0);
        }
    }

    /**
     * Proves from what {@code dump} holds, read from the open file once its name is deleted
     * ({@link #openDeleting}); never throws.
     */
    public static Result analyseDeleting(DumpFile dump, ProofInput input) {
        return analyse(() -> openDeleting(dump), dump.path(), input);
    }

    /**
     * {@code dump}'s file, open, with its name and directory deleted: a kill -9 while it is read
     * leaves no copy of the heap behind, where before it waited for the next sweep of the same
     * temporary directory (one in a test's own, which nothing swept, outlived its run). On POSIX;
     * where an open file cannot be deleted, {@link DumpFile#close} deletes it as the caller's
     * {@code try} ends.
     */
    static DumpBytes openDeleting(DumpFile dump) throws IOException {
        DumpBytes bytes = DumpBytes.open(dump.path());
        dump.close();
        return bytes;
    }

    /** Proves from an existing HPROF file; see {@link #proveParkedThreads}. */
    public static Result analyse(Path hprof, ProofInput input) {
        return analyse(() -> DumpBytes.open(hprof), hprof, input);
    }

    /** How a dump is opened: as it is, or with its name deleted ({@link #openDeleting}). */
    private interface Opening {
        DumpBytes open() throws IOException;
    }

    /** The proof from the dump at {@code hprof}, opened by {@code opening}; never throws. */
    private static Result analyse(Opening opening, Path hprof, ProofInput input) {
        long start = System.nanoTime();
        String name = hprof.getFileName().toString();
        try (DumpBytes bytes = opening.open()) {
            return analyse(bytes, name, input, start);
        } catch (Throwable e) {
            return Result.failed(unreadable(name, e), 0, millis(System.nanoTime() - start));
        }
    }

    private static String unreadable(String name, Throwable e) {
        return "could not read the heap dump " + name + ": " + e;
    }

    /** The same from {@code bytes}, an open dump of the file named {@code name}, reading since {@code start}. */
    private static Result analyse(DumpBytes bytes, String name, ProofInput input, long start) {
        long size = -1; // known before the reading that may run out of memory, for its note
        try {
            size = bytes.size();
            Runtime jvm = Runtime.getRuntime();
            String shortfall = heapShortfall(size, jvm.maxMemory(), jvm.totalMemory() - jvm.freeMemory());
            if (shortfall != null) {
                unread = new Unread(size, System.nanoTime());
                return Result.failed(shortfall, 0, millis(System.nanoTime() - start));
            }
            HeapDump heap = HeapDump.read(bytes, new GraphRules(input.bookkeeping(), input.waitTable(),
                    input.subjects()));
            StaticHolders holders = new StaticHolders(heap, input.bookkeeping(), input.makers());
            Map<Integer, String> heldBy = holders.find();
            Map<Integer, String> keptThrough = holders.keptThrough(heldBy);
            Map<Integer, List<String>> keptVia = holders.chains(keptThrough.keySet());
            boolean waits = !input.waits().isEmpty();
            WakeProof.Outcome outcome = waits ? new WakeProof(heap, input.bookkeeping()).prove(input)
                    : WakeProof.Outcome.NOTHING;
            if (outcome.refusal() != null) {
                return Result.failed(outcome.refusal(), 0, millis(System.nanoTime() - start));
            }
            Map<Long, String> names = namesOfTheNamed(heap, bytes, outcome);
            return new Result(outcome.findings(), outcome.remarks(), outcome.eventuallyRunnable(), outcome.undecided(),
                    0, millis(System.nanoTime() - start), heap.objectCount(), size, null, heldBy, keptThrough, waits,
                    keptVia, names);
        } catch (OutOfMemoryError e) {
            return Result.failed("could not read the heap dump " + name + " (" + room(size) + "): " + e,
                    0, millis(System.nanoTime() - start));
        } catch (Throwable e) {
            return Result.failed(unreadable(name, e), 0, millis(System.nanoTime() - start));
        }
    }

    /**
     * By id, the names of the threads {@code outcome}'s findings and remarks name but are not about
     * (a holder, an owner, a thread that can reach a waiter's {@code Thread}), read from the dump.
     */
    private static Map<Long, String> namesOfTheNamed(HeapDump heap, DumpBytes bytes, WakeProof.Outcome outcome) {
        Set<Long> named = new HashSet<>();
        for (HeapFinding f : outcome.findings()) {
            named.addAll(f.holders() == null ? List.of() : f.holders());
            named.addAll(f.cycle());
            named.addAll(f.interrupters());
            named.add(f.onThread());
        }
        for (HeapRemark r : outcome.remarks()) {
            named.addAll(r.handleHolders());
            named.add(r.onThread());
        }
        Map<Integer, Long> tidOfRow = new HashMap<>();
        for (int row = 0; row < heap.threads.count(); row++) {
            if (named.contains(heap.threads.tid(row))) {
                tidOfRow.put(row, heap.threads.tid(row));
            }
        }
        Map<Long, String> names = new HashMap<>();
        heap.threadNames(bytes, tidOfRow.keySet()).forEach((row, name) -> names.put(tidOfRow.get(row), name));
        return names;
    }

    /**
     * Why a dump of {@code dumpBytes} is not read with {@code usedBytes} of {@code maxBytes} in use;
     * null when it may be. Reading takes heap: about 0.4x the dump's size at its peak on the
     * benchmark's 100 MB and 500 MB heaps, but a small dump more than its own size (Commons IO's
     * 11 MB dumps threw {@code OutOfMemoryError} with 17 MB free: per-object tables grown by
     * doubling, and G1 wants free regions side by side for a big array). Where too little is free
     * (Commons IO runs its tests with {@code -Xmx25M}) that error can strike whichever thread of
     * the host allocates at that moment. Twice the dump, at most half of it and 64 MB, and 8 MB
     * more, covers both ends.
     */
    static String heapShortfall(long dumpBytes, long maxBytes, long usedBytes) {
        long need = readingNeeds(dumpBytes);
        long free = maxBytes - usedBytes;
        if (maxBytes == Long.MAX_VALUE || need <= free) {
            return null;
        }
        // one colon in the note it ends: "...: not read: reading ..." read as nested (Commons IO's second trial)
        return "its " + megabytes(dumpBytes) + " dump was not read, since reading it needs about " + megabytes(need)
                + " of heap and " + megabytes(Math.max(0, free)) + " of this JVM's " + megabytes(maxBytes) + " is free; "
                + MORE_HEAP;
    }

    /**
     * Why no dump is taken, where this JVM's last, of {@code unreadBytes}, {@code agoMillis} ago,
     * was not read for want of heap, and one as large would not be now either; null when one may
     * be. The next dump is taken to be as large as that one, or as the heap in use now if that is
     * less (what is in use now, garbage too, is at most what a dump would hold), and to leave the
     * rest of {@code maxBytes} free once its collection is done: garbage in use now does not make
     * a dump be skipped. Commons IO's trial: each failing test of a class wrote a 12 MB dump that
     * could never be read. It says when that dump was: often the same check's own early one,
     * which its report does not show.
     */
    static String noRoomForALikeDump(long unreadBytes, long agoMillis, long maxBytes, long usedBytes) {
        long like = Math.min(unreadBytes, usedBytes);
        if (heapShortfall(like, maxBytes, like) == null) {
            return null;
        }
        return NO_DUMP + "this JVM's dump of " + Durations.format(Math.max(0, agoMillis)) + " ago, of "
                + megabytes(unreadBytes) + ", was not read for want of heap (one as large needs about "
                + megabytes(readingNeeds(like)) + " more to be read, and this JVM's heap is " + megabytes(maxBytes)
                + "); " + MORE_HEAP;
    }

    /** What reading a dump of {@code dumpBytes} takes of the heap; see {@link #heapShortfall}. */
    private static long readingNeeds(long dumpBytes) {
        return Math.min(dumpBytes * 2, dumpBytes / 2 + (64L << 20)) + (8L << 20);
    }

    /** {@code 11 MB, with 6 MB of 26 MB free after it}: the sizes, as the reading that ran out left them. */
    private static String room(long size) {
        Runtime jvm = Runtime.getRuntime();
        long free = jvm.maxMemory() - (jvm.totalMemory() - jvm.freeMemory());
        return megabytes(size) + ", with " + megabytes(free) + " of " + megabytes(jvm.maxMemory()) + " free after it";
    }

    private static String megabytes(long bytes) {
        return (bytes + (1 << 19)) / (1 << 20) + " MB";
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
