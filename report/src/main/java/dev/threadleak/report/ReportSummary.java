package dev.threadleak.report;

import static dev.threadleak.report.TerminalText.escape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A report in a few lines, for a place that shows it whole, every time, to someone in a hurry:
 * a failed test's message, which a build tool repeats in its summary. Per leak: what it is and
 * how sure we are, why, where it was made (the first frame of the project's own code, when the
 * caller can tell it from a dependency's, else the first that is not the JDK's or a test
 * framework's; then the frame of the caller's own code that led there) and by whom, and what it
 * waits on now and in which code; per death, what killed it; then the notes, but for the heap
 * proof's that settle nothing ({@link ProofNotes}). What does not fit in
 * {@code maxLines} is counted in a last line that points to the full report, which has every
 * frame ({@link ReportText}), as the JSON has every field.
 */
public final class ReportSummary {

    private ReportSummary() {
    }

    /**
     * At most {@code maxLines} lines of {@code report}.
     *
     * @param callerClass the class whose frames are the caller's code (a test class, with its
     *                    nested classes), shown as "via" under a creation frame elsewhere; or null
     * @param moreAt      what the last line says where the rest is, e.g. "the full report"
     */
    public static List<String> lines(LeakReport report, String callerClass, int maxLines, String moreAt) {
        return lines(report, callerClass == null ? List.of() : List.of(callerClass), maxLines, moreAt);
    }

    /**
     * The same, where the caller's code is in any of {@code callerClasses} (a test class first,
     * then the superclasses that declare its inherited test methods).
     */
    public static List<String> lines(LeakReport report, List<String> callerClasses, int maxLines, String moreAt) {
        return lines(report, callerClasses, className -> false, maxLines, moreAt);
    }

    /**
     * The same, where {@code projectClass} tells the project's own classes (those it compiles, its
     * tests among them) from its dependencies': a creation's "at" line names the project's first
     * frame, the code its reader can change, before a library's that it called.
     */
    public static List<String> lines(LeakReport report, List<String> callerClasses, Predicate<String> projectClass,
                                     int maxLines, String moreAt) {
        Callers callers = new Callers(List.copyOf(callerClasses), projectClass);
        String scopeKind = report.scope() == null ? null : report.scope().kind();
        List<Block> leakBlocks = new ArrayList<>();
        for (Leak leak : report.leaks()) {
            leakBlocks.add(leak(leak, callers, scopeKind));
        }
        List<Block> blocks = eachPlaceFirst(leakBlocks);
        if (report.deaths() != null) {
            for (Death death : report.deaths()) {
                blocks.add(Block.of(death(death, callers), Shown.DEATH));
            }
        }
        if (report.notes() != null) {
            for (String note : report.notes()) {
                if (ProofNotes.settlesNothing(note)) {
                    continue; // the full report's account of what was looked at
                }
                blocks.add(Block.of(List.of("note: " + escape(note)), Shown.NOTE));
            }
        }
        List<String> lines = new ArrayList<>();
        String oneCall = oneCallMadeAll(report, callers);
        if (oneCall != null) {
            lines.add(oneCall);
        }
        int shown = 0;
        for (Block block : blocks) {
            int room = maxLines - lines.size() - (shown + 1 < blocks.size() ? 1 : 0);
            if (block.lines().size() > room) {
                break;
            }
            lines.addAll(block.lines());
            shown++;
        }
        if (shown < blocks.size()) {
            lines.add("... " + more(blocks.subList(shown, blocks.size())) + ": see " + moreAt);
        }
        return lines;
    }

    /**
     * The leaks' blocks, the first of each creation line before the others: a client's four
     * threads and pools made on one test line must not hide, below the cut, a fifth leak made
     * somewhere else (Curator's trial). Of those, what the caller's own code made comes first: in
     * a project whose tests drive its own servers, fifty leaks of a quorum put the election's
     * threads before the two the test made itself (ZooKeeper's trial). The full report keeps the
     * report's order.
     */
    private static List<Block> eachPlaceFirst(List<Block> leakBlocks) {
        List<Block> callers = new ArrayList<>();
        List<Block> first = new ArrayList<>();
        List<Block> again = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Block block : leakBlocks) {
            boolean firstOfItsLine = block.made() == null || seen.add(block.made());
            (!firstOfItsLine ? again : block.callersOwn() ? callers : first).add(block);
        }
        callers.addAll(first);
        callers.addAll(again);
        return callers;
    }

    /**
     * "all 4 leaks come from the call at PoolTest.setUp(PoolTest.java:17)", when each of two or more
     * leaks was made through the same frame of the caller's code: a client or server that starts
     * threads, pools and a timer is as many blocks (SSHD's, Curator's, Jetty's), and this says
     * before them that one call is the place to look. Only what every creation stack shows; null
     * when a leak has no such frame.
     */
    private static String oneCallMadeAll(LeakReport report, Callers callers) {
        if (report.leaks().size() < 2) {
            return null;
        }
        Frame common = null;
        for (Leak leak : report.leaks()) {
            Frame call = leak.preExisting() ? null : callers.nearest(leak.createdAt(), leak.createdFrom());
            if (call == null || common != null && !common.equals(call)) {
                return null;
            }
            common = call;
        }
        int count = report.leakCount();
        return (count == 2 ? "both leaks" : "all " + count + " leaks") + " come from the call at " + common;
    }

    /** What a block of the summary shows. */
    private enum Shown { LEAK, DEATH, NOTE }

    /**
     * A block's lines, its creation line among them (null for what predates the agent, and for a
     * death or a note), whether that line is in the caller's own code, what it shows, and how many
     * of it: a group of leaks ({@code x10}) is one block of ten.
     */
    private record Block(List<String> lines, String made, boolean callersOwn, Shown shows, int count) {

        /** A death's or a note's block: one of it, made nowhere. */
        static Block of(List<String> lines, Shown shows) {
            return new Block(lines, null, false, shows, 1);
        }
    }

    /**
     * "2 more leaks, 1 death and 3 notes", counting what the {@code hidden} blocks hold: leaks as
     * the headline counts them, each of a group (Java-WebSocket's trial: "34 leaks" above two
     * groups of twelve said "... 4 more leaks", which were four groups of 22).
     */
    private static String more(List<Block> hidden) {
        int hiddenLeaks = 0;
        int hiddenDeaths = 0;
        int hiddenNotes = 0;
        for (Block block : hidden) {
            switch (block.shows()) {
                case LEAK -> hiddenLeaks += block.count();
                case DEATH -> hiddenDeaths++;
                case NOTE -> hiddenNotes++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (hiddenLeaks > 0) {
            parts.add(hiddenLeaks + (hiddenLeaks == 1 ? " more leak" : " more leaks"));
        }
        if (hiddenDeaths > 0) {
            parts.add(hiddenDeaths + (hiddenDeaths == 1 ? " death" : " deaths"));
        }
        if (hiddenNotes > 0) {
            parts.add(hiddenNotes + (hiddenNotes == 1 ? " note" : " notes"));
        }
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static Block leak(Leak leak, Callers callers, String scopeKind) {
        List<String> lines = new ArrayList<>();
        lines.add(ReportText.headline(leak));
        if (leak.reason() != null) {
            lines.add("  why: " + escape(leak.reason()));
        }
        if (leak.members() != null && leak.count() > 1) {
            lines.add(ReportText.members(leak));
        }
        String made = "  " + (leak.kind() == LeakKind.TASK ? "submitted by " : "created by ") + by(leak.createdBy());
        boolean callersOwn = false;
        if (leak.preExisting()) {
            made = null;
            lines.add("  started before the agent was installed: creation site unknown");
        } else if (leak.createdAt().isEmpty()) {
            made += " (creation stack not captured)";
            lines.add(made);
        } else {
            List<Frame> createdAt = outsideItsConstructors(leak);
            Frame at = callers.creationFrame(createdAt);
            callersOwn = callers.own(at);
            made += " at " + at;
            lines.add(made);
            Frame inside = madeIn(createdAt, at);
            if (inside != null) { // the project's line called a library, which made it
                lines.add("    inside " + inside);
            }
            Frame caller = inside == null ? factoryCaller(createdAt, at, callers) : null;
            if (caller != null) {
                lines.add("    called from " + caller);
            }
            via(lines, createdAt, at, leak.creationStackCut(), leak.createdFrom(), callers);
        }
        String startedFrom = ReportText.startedFrom(leak, scopeKind);
        if (startedFrom != null) {
            lines.add("  " + startedFrom);
        }
        String setGoing = ReportText.startedFromAt(leak);
        if (setGoing != null) {
            lines.add("    " + setGoing);
        }
        String kept = ReportText.keptThrough(leak);
        if (kept != null) {
            lines.add("  " + kept);
        }
        String tasks = ReportText.tasksLine(leak.executor(), leak.createdBy());
        if (tasks != null) {
            lines.add("  " + tasks);
        }
        if (leak.blockedOn() != null) {
            lines.add("  " + ReportText.waitLine(leak) + ReportText.groupPart(leak));
            Frame waitingIn = callers.waitFrame(leak.stack());
            if (waitingIn != null) { // "sleeping in Thread.sleep" alone does not say whose sleep
                lines.add("    at " + waitingIn);
            }
            if (leak.blockedOn().why() != null) {
                lines.add("    because " + escape(leak.blockedOn().why()));
            }
        } else if (!leak.stack().isEmpty()) {
            // a task's runner in the executor's own code, between runs, is not news: only the task's code is
            boolean runsTasks = leak.kind() == LeakKind.TASK || leak.kind() == LeakKind.EXECUTOR;
            Frame now = runsTasks ? Frame.applicationFrame(leak.stack()) : userFrame(leak.stack());
            if (now != null) {
                lines.add("  now at " + now + inNative(leak.stack(), now) + ReportText.groupPart(leak));
            }
        }
        return new Block(lines, made, callersOwn, Shown.LEAK, leak.count());
    }

    private static List<String> death(Death death, Callers callers) {
        List<String> lines = new ArrayList<>();
        StringBuilder first = new StringBuilder("DIED ").append(death.thread()).append(" of ")
                .append(escape(death.exceptionType()));
        if (death.exceptionMessage() != null) {
            first.append(": ").append(escape(death.exceptionMessage()));
        }
        if (death.handledBy() != null) {
            first.append(" (handled by ").append(escape(death.handledBy())).append(')');
        }
        lines.add(first.toString());
        if (death.exceptionStack() != null && !death.exceptionStack().isEmpty()) {
            lines.add((death.madeOnAnotherThread() ? ReportText.MADE_ELSEWHERE + "; made at " : "  thrown at ")
                    + userFrame(death.exceptionStack()));
        }
        if (death.createdAt() != null && !death.createdAt().isEmpty()) {
            Frame at = callers.creationFrame(death.createdAt());
            lines.add("  created by " + by(death.createdBy()) + " at " + at);
            via(lines, death.createdAt(), at, death.creationStackCut(), null, callers);
        }
        return lines;
    }

    private static String by(ThreadRef ref) {
        return ref == null ? "an unknown thread" : ref.toString();
    }

    /**
     * The stack it was made at, from the frame that called the constructor of an executor of the
     * application's own class (Dubbo's {@code EagerThreadPoolExecutor}): "created at" its
     * constructor's {@code super(...)} line said nothing of who made it; the full report keeps
     * every frame.
     */
    private static List<Frame> outsideItsConstructors(Leak leak) {
        List<Frame> frames = leak.createdAt();
        String type = leak.kind() == LeakKind.EXECUTOR && leak.executor() != null ? leak.executor().type() : null;
        int last = -1;
        for (int i = 0; type != null && i < frames.size() && "<init>".equals(frames.get(i).method()); i++) {
            if (type.equals(frames.get(i).className())) {
                last = i; // its own constructor, after those of the classes it extends
            }
        }
        return last < 0 || last + 1 == frames.size() || !frames.get(last).isApplication() ? frames
                : frames.subList(last + 1, frames.size());
    }

    /**
     * The library's frame that made it, when the project's line {@code at} called a library: the
     * innermost frame outside the JDK, or the first that called it that is no factory, when it is
     * one that only wraps the JDK's ({@code ThreadUtils.newSingleThreadScheduledExecutor}, a
     * {@code newThread}), or a chain of such factories:
     * the factory's caller chose to make it, and is what nothing stops (Curator's
     * {@code CircuitBreaker.build}). Null when that is {@code at} itself. An executor's stack begins
     * at the call of its constructor (the JDK's frames are left out where it was recorded), so a
     * first frame that is a factory wraps the JDK's too (logback's
     * {@code ExecutorServiceUtil.newScheduledExecutorService}, which named every context's pool alike).
     */
    static Frame madeIn(List<Frame> frames, Frame at) {
        int innermost = nextApplicationFrame(frames, 0);
        if (innermost < 0 || frames.get(innermost) == at) {
            return null;
        }
        int made = innermost;
        if (innermost == 0 || frames.get(innermost - 1).isJdk()) {
            // through a chain of factories, each calling the next (Camel's: every pool of its goes
            // through DefaultThreadPoolFactory.newThreadPool, called by its manager's newThreadPool
            // and newSingleThreadExecutor; the shutdown strategy's getter that called those told)
            while (isFactory(frames.get(made))) {
                int caller = nextApplicationFrame(frames, made + 1);
                if (caller < 0) {
                    break;
                }
                if (frames.get(caller) == at) {
                    return null;
                }
                made = caller;
            }
        }
        return frames.get(made);
    }

    /**
     * Who called {@code at} when {@code at} is a factory of the project's ({@code createPool}): the
     * first application frame below it of another class. Commons JCS makes every pool in
     * {@code ThreadPoolManager.createPool}: its event queues' pools and its discovery's read alike
     * where only the factory was named. Null when there is none, or it is the caller's own frame,
     * which the "via" line names.
     */
    private static Frame factoryCaller(List<Frame> frames, Frame at, Callers callers) {
        int i = frames.indexOf(at);
        if (i < 0 || !isFactory(at)) {
            return null;
        }
        for (int j = i + 1; j < frames.size(); j++) {
            Frame f = frames.get(j);
            if (f.isApplication() && f.className() != null && !f.className().equals(at.className())) {
                return callers.own(f) ? null : f;
            }
        }
        return null;
    }

    private static int nextApplicationFrame(List<Frame> frames, int from) {
        for (int i = from; i < frames.size(); i++) {
            if (frames.get(i).isApplication()) {
                return i;
            }
        }
        return -1;
    }

    /** {@code newThread}, {@code newFixedPool}, {@code createExecutor}: a name that says it makes what it returns. */
    private static boolean isFactory(Frame frame) {
        String m = frame.method() == null ? "" : frame.method();
        int rest = m.startsWith("new") ? 3 : m.startsWith("create") ? 6 : -1;
        return rest > 0 && m.length() > rest && Character.isUpperCase(m.charAt(rest));
    }

    /** The first frame of the code that asked for it: neither the JDK's nor a framework's or tool's. */
    /**
     * ", in FileInputStream.readBytes (native)" where the stack's top is a native method of the
     * JDK's other than {@code now}: with no wait to tell, what the thread is in (a read of a
     * process's output, a socket's accept) says why it has not ended.
     */
    private static String inNative(List<Frame> stack, Frame now) {
        Frame top = stack.get(0);
        return top.isNative() && top.isJdk() && !top.equals(now) && !top.isNativeWait()
                ? ", in " + escape(BlockedOn.withoutPackage(top.qualifiedMethod())) + " (native)" : "";
    }

    static Frame userFrame(List<Frame> frames) {
        Frame user = Frame.applicationFrame(frames);
        return user != null ? user : frames.get(0);
    }

    /**
     * "via" the caller's own frame that led to the creation, or the one where the application was
     * entered below a cut ({@code createdFrom}); when the stack was cut before any frame of the
     * caller's, a line that says so instead: its absence would read as "not the caller's doing".
     * Not when what is kept already reaches where a test framework or reflection called the
     * application (an extension's {@code beforeEach}, Log4j's trial): what was cut is theirs, and
     * the line would send its reader looking for a frame of the caller's that is not there.
     * No "from" the line {@code at} already named (a test class that extends the library's
     * class it calls: cache2k's tests read "at ...Test.load(...Test.java:99) ... from
     * ...Test.load(...Test.java:99)").
     */
    private static void via(List<String> lines, List<Frame> createdAt, Frame at, boolean cut,
                            List<Frame> createdFrom, Callers callers) {
        Frame via = callerFrame(createdAt, at, callers);
        if (via == null) {
            via = callers.firstOwn(createdFrom);
        }
        if (via == null) {
            via = enteredBelow(createdAt, callers.creationFrame(createdAt));
        }
        if (via != null) {
            lines.add("    via " + via);
            Frame entered = enteredBelow(createdAt, via);
            if (entered != null && !entered.equals(via) && !entered.equals(at)) {
                // a helper of the test class: the line of the test that called it tells one failure from the next
                lines.add("    from " + entered);
            }
        } else if (cut && !callers.classes().isEmpty() && createdAt.stream().noneMatch(callers::own)
                && !calledByPlumbing(createdAt)) {
            lines.add("    " + FoldedStack.cutLine(createdAt.size()) + " before any frame of "
                    + escape(callers.classes().get(0)));
        }
    }

    /** Whether a frame of the application in {@code frames} was called by a test framework or reflection. */
    private static boolean calledByPlumbing(List<Frame> frames) {
        return enteredBelow(frames, null) != null;
    }

    /**
     * The frame of the application that a test framework or reflection called (the test method,
     * an extension's callback) below {@code at}, the "at" frame (anywhere, for null): the test's
     * line when the "at" frame is a helper of its class (Qpid JMS's trial: five tests' pools, each
     * made in a nested class's constructor, said nothing of which line of which test); else null.
     */
    private static Frame enteredBelow(List<Frame> frames, Frame at) {
        int from = at == null ? 0 : frames.indexOf(at) + 1;
        return at != null && from == 0 ? null : Frame.enteredByPlumbing(frames, from); // not in them: none below
    }

    /** The nearest frame of the caller's classes (or a class nested in one), unless it is the "at" frame itself. */
    private static Frame callerFrame(List<Frame> frames, Frame at, Callers callers) {
        Frame own = callers.firstOwn(frames);
        // a test's frame below a library superclass's of it (cache2k's tests extend the cache they
        // call): the "at" line named the caller's own code already
        return own == at || callers.own(at) ? null : own;
    }

    /**
     * The classes whose frames are the caller's code, each with its nested classes; and which
     * classes are the project's own.
     */
    private record Callers(List<String> classes, Predicate<String> projectClass) {

        /**
         * Where it was made, as {@link #waitFrame} says where a thread waits; else the first frame,
         * the JDK's: a library's frame above it is in the full report.
         */
        Frame creationFrame(List<Frame> frames) {
            Frame readable = waitFrame(frames);
            return readable != null ? readable : userFrame(frames);
        }

        /**
         * Where it waits, in code its reader can change: the project's first frame of {@code stack},
         * else the application's first; never a lambda's generated frame, which has no line (Commons
         * Pool's trial: {@code ThreadUtils$$Lambda$754/0x....accept(Unknown Source)} above a 60 s sleep
         * that the project's slow factory asked for). Null when none is the application's.
         */
        Frame waitFrame(List<Frame> stack) {
            Frame application = null;
            for (Frame f : stack) {
                if (f.className() == null || !f.isApplication() || f.className().contains("$$Lambda")) {
                    continue;
                }
                if (projectClass.test(f.className())) {
                    return f;
                }
                application = application == null ? f : application;
            }
            return application;
        }

        /** The caller's frame nearest to the creation, in its stack or else in the chain it was made from; or null. */
        Frame nearest(List<Frame> createdAt, List<Frame> createdFrom) {
            Frame own = firstOwn(createdAt);
            return own != null ? own : firstOwn(createdFrom);
        }

        /**
         * The first of {@code frames} (which may be null) that is the caller's own, or null; past
         * an anonymous class's constructor its own caller's, the method whose line wrote it
         * (Dubbo's trial: {@code Test$1.<init>} rather than the {@code @BeforeEach} method it was in).
         */
        Frame firstOwn(List<Frame> frames) {
            for (int i = 0; frames != null && i < frames.size(); i++) {
                Frame f = frames.get(i);
                if (own(f) && !(anonymousConstructor(f) && i + 1 < frames.size() && own(frames.get(i + 1)))) {
                    return f;
                }
            }
            return null;
        }

        private static boolean anonymousConstructor(Frame f) {
            String c = f.className();
            int dollar = c.lastIndexOf('$');
            return "<init>".equals(f.method()) && dollar > 0 && dollar + 1 < c.length()
                    && c.substring(dollar + 1).chars().allMatch(Character::isDigit);
        }

        boolean own(Frame f) {
            String c = f.className();
            if (c == null) {
                return false;
            }
            for (String caller : classes) {
                if (c.equals(caller) || c.startsWith(caller + "$")) {
                    return true;
                }
            }
            return false;
        }
    }
}
