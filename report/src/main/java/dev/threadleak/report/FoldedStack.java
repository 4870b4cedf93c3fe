package dev.threadleak.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A stack as a person reads it: the user's frames, with each run of test-framework, reflection
 * and build-tool frames ({@link Plumbing}) folded into one line, "... 28 frames of JUnit,
 * reflection and Surefire". JDK frames between two such frames (JUnit's {@code ArrayList.forEach})
 * fold with them, as Kotlin's runtime's do (Kotest's {@code coroutineScope}); a run of one frame
 * is shown, since the fold line would be no shorter. The first frame is always shown: in a creation stack it is where the thread, task or executor was made.
 * Lines are the frames' text, already escaped ({@link TerminalText}), without indentation.
 */
public final class FoldedStack {

    /** Fewer JDK frames on top of a stack than this are shown one by one. */
    private static final int MIN_JDK_FOLD = 3;

    private FoldedStack() {
    }

    /** At most {@code maxLines} lines, then "... N more" for the frames left out. */
    public static List<String> lines(List<Frame> frames, int maxLines) {
        return fold(frames, 0, new ArrayList<>(), maxLines);
    }

    /**
     * The last line of a creation stack that went on below its {@code frames} kept frames: the
     * frames are the agent's {@code stack-depth}, so the line names the option that would show more.
     */
    public static String cutLine(int frames) {
        return "... " + cutAt(frames);
    }

    /** {@code cut at 32 frames (stack-depth=32)}: what {@link #cutLine} and a runner's fold line say of a cut. */
    private static String cutAt(int frames) {
        return "cut at " + frames + (frames == 1 ? " frame" : " frames") + " (stack-depth=" + frames + ")";
    }

    /**
     * {@link #lines(List, int)} of a creation stack, with {@link #cutLine} after it when it was
     * {@code cut}; when it ends in a fold of a test runner's frames, what the cut left out is more
     * of the runner's, and the fold line says so itself ("..., and more: cut at 32 frames
     * (stack-depth=32)"): two "..." lines in a row read as noise.
     */
    public static List<String> creationLines(List<Frame> frames, boolean cut) {
        List<String> lines = lines(frames, Integer.MAX_VALUE);
        if (cut && !frames.isEmpty() && runEnd(frames, frames.size() - 1) == frames.size() && lines.size() > 1
                && lines.get(lines.size() - 1).startsWith("... ")) {
            // "and more (stack-depth=32)" alone did not say the stack was cut (Commons Lang's trial)
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + ", and more: " + cutAt(frames.size()));
        } else if (cut) {
            lines.add(cutLine(frames.size()));
        }
        return lines;
    }

    /**
     * The current stack of a thread parked {@code on} something: the JDK's frames above the
     * blocking call (Unsafe.park, LockSupport, AQS) fold into "... 6 frames inside
     * LinkedBlockingQueue.take", since the report says already where it is parked. Without such a
     * wait (what a pool's running task does; a thread in I/O), the JDK's frames on top fold into
     * the last of them, "... 6 frames inside AbstractQueuedSynchronizer$ConditionObject.await",
     * when code of the application's or a library's follows: the lines reach the code that waits.
     */
    public static List<String> lines(List<Frame> frames, BlockedOn on, int maxLines) {
        int call = on == null || on.operation() == null ? -1 : indexOf(frames, on.operation());
        int jdk = leadingJdkFrames(frames);
        if (call >= 2 && jdk >= call) {
            return foldedInside(frames, call, on.shortOperation(), maxLines);
        }
        if (call < 0 && jdk >= MIN_JDK_FOLD && jdk < frames.size()) {
            // no wait described (a pool's running task, a thread in I/O): the JDK's frames on top
            // still say only how it waits, and they pushed the code that waits out of the lines;
            // but a native method on top is what it does, shown (db-scheduler's trial: a thread
            // reading a process's output read "... 15 frames inside ReferencePipeline$Head.forEach");
            // not a park's: an exit report's pool read "Unsafe.park(Native Method)" above its fold
            String inside = BlockedOn.withoutPackage(frames.get(jdk - 1).qualifiedMethod());
            if (!frames.get(0).isNative() || frames.get(0).isNativeWait() || jdk - 1 < MIN_JDK_FOLD) {
                return foldedInside(frames, jdk, inside, maxLines);
            }
            List<String> lines = new ArrayList<>(List.of(frames.get(0).toString()));
            lines.add("... " + (jdk - 1) + " frames inside " + TerminalText.escape(inside));
            return fold(frames, jdk, lines, maxLines);
        }
        return fold(frames, 0, new ArrayList<>(), maxLines);
    }

    /** "... 6 frames inside LinkedBlockingQueue.take" for the first {@code n} frames, then the rest. */
    private static List<String> foldedInside(List<Frame> frames, int n, String inside, int maxLines) {
        List<String> lines = new ArrayList<>();
        lines.add("... " + n + " frames inside " + TerminalText.escape(inside));
        return fold(frames, n, lines, maxLines);
    }

    private static int leadingJdkFrames(List<Frame> frames) {
        int n = 0;
        while (n < frames.size() && frames.get(n).isJdk()) {
            n++;
        }
        return n;
    }

    private static List<String> fold(List<Frame> frames, int from, List<String> lines, int maxLines) {
        int i = from;
        while (i < frames.size() && lines.size() < maxLines) {
            int end = i == 0 ? i : runEnd(frames, i);
            if (end - i >= 2) {
                lines.add("... " + (end - i) + " frames of " + labels(frames.subList(i, end)));
                i = end;
            } else {
                lines.add(frames.get(i).toString());
                i++;
            }
        }
        int entry = entry(frames, i);
        if (entry < 0) {
            rest(frames, i, frames.size(), lines);
        } else { // the frames the limit left out, but the thread's own entry, which says what the thread is
            rest(frames, i, entry, lines);
            lines.add(frames.get(entry).toString());
            rest(frames, entry + 1, frames.size(), lines);
        }
        return lines;
    }

    /** {@code frames} from {@code from} to {@code to} as one line: the frame itself if one, else how many. */
    private static void rest(List<Frame> frames, int from, int to, List<String> lines) {
        if (to - from == 1) {
            lines.add(frames.get(from).toString()); // the frame itself fits where "... 1 more" would (Chronicle's trial)
        } else if (to > from) {
            lines.add("... " + (to - from) + " more");
        }
    }

    /**
     * Where among the frames from {@code from} on, which a limit leaves out, the thread's code was
     * entered: the last frame that is not the JDK's, with only the JDK's below it
     * ({@code Thread.run}, a pool worker's loop); -1 where there is none, or no JDK frame below it.
     * sqlite-jdbc's trial: a thread named "Thread-1" whose "now at" stopped above its
     * {@code BusyWork.run}, the one frame that said what it was.
     */
    private static int entry(List<Frame> frames, int from) {
        int last = frames.size() - 1;
        if (last < from || !frames.get(last).isJdk()) {
            return -1;
        }
        for (int j = last - 1; j >= from; j--) {
            if (!frames.get(j).isJdk()) {
                return j;
            }
        }
        return -1;
    }

    /** Where the run of plumbing that starts at {@code start} ends (exclusive); {@code start} if none starts there. */
    private static int runEnd(List<Frame> frames, int start) {
        if (Plumbing.of(frames.get(start)) == null) {
            return start;
        }
        int end = start;
        for (int j = start; j < frames.size(); j++) {
            Frame frame = frames.get(j);
            if (Plumbing.of(frame) != null) {
                end = j + 1;
            } else if (!frame.isJdk() && !isKotlinRuntime(frame)) {
                break;
            }
        }
        return end;
    }

    private static boolean isKotlinRuntime(Frame frame) {
        String type = frame.className();
        return type != null && (type.startsWith("kotlin.") || type.startsWith("kotlinx.coroutines."));
    }

    /** "JUnit", "JUnit and reflection", "JUnit, reflection and Surefire". */
    private static String labels(List<Frame> run) {
        Set<Plumbing> kinds = EnumSet.noneOf(Plumbing.class);
        for (Frame frame : run) {
            Plumbing p = Plumbing.of(frame);
            if (p != null) {
                kinds.add(p);
            }
        }
        List<String> names = kinds.stream().map(Plumbing::label).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static int indexOf(List<Frame> frames, String qualifiedMethod) {
        for (int i = 0; i < frames.size(); i++) {
            if (qualifiedMethod.equals(frames.get(i).qualifiedMethod())) {
                return i;
            }
        }
        return -1;
    }
}
