package dev.threadleak.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Folds identical leaks (same kind, verdict, creation site and state) into one with a count, so
 * that 10,000 leaked virtual threads make one readable block. The oldest member stands for the
 * group; a few members are named so that a person can find them in a thread dump. When members
 * were left for different reasons (a class's leftovers, each made by another of its tests), the
 * group's reason says how many have another, and shows one. A member of a wait-for cycle
 * ({@link Verdict#DEADLOCKED}) stands alone: each waits on what another member holds, and a group's
 * one wait line, its first member's, would be false of the others (an embedded Tomcat's trial: two
 * request threads of one pool, deadlocked on two monitors, read as one block).
 */
public final class LeakGroups {

    /** How many members a grouped leak names. */
    public static final int NAMED_MEMBERS = 10;
    /**
     * What a reason measured (a duration as {@link Durations} says it, a count): members looked at
     * a moment apart differ in it alone.
     */
    private static final Pattern NUMBERS = Pattern.compile("\\d+(\\.\\d+)?( (ms|s|m|h|d)\\b)?( \\d+ (s|m|h)\\b)?");

    private LeakGroups() {
    }

    public static List<Leak> group(List<Leak> leaks) {
        return group(leaks, LeakGroups::site, null);
    }

    /**
     * Where a leak was made, as groups tell it: its creation stack; a task's by the frame that
     * submitted it and the methods below, their lines aside. One cause submitted from several
     * lines of one test is one block (cache2k's trial: a loader's timer, never cancelled, queued
     * by each of eight {@code loadAll} calls of a test, read as eight alike blocks, of which the
     * summary showed five).
     */
    private static Object site(Leak leak) {
        List<Frame> at = leak.createdAt();
        return leak.kind() != LeakKind.TASK || at.size() < 2 ? at : new SubmittedAt(at);
    }

    /**
     * A task's creation stack as a group's key: its first frame whole, the rest by their methods
     * ({@link #sameMethods}); no key is built of strings, a report may group thousands of tasks.
     */
    private record SubmittedAt(List<Frame> frames) {

        @Override
        public boolean equals(Object o) {
            return o instanceof SubmittedAt other && frames.get(0).equals(other.frames.get(0))
                    && sameMethods(frames, other.frames);
        }

        @Override
        public int hashCode() {
            int h = frames.get(0).hashCode();
            for (int i = 1; i < frames.size(); i++) {
                Frame f = frames.get(i);
                h = 31 * (31 * h + Objects.hashCode(f.className())) + Objects.hashCode(f.method());
            }
            return h;
        }
    }

    /**
     * The same, grouping by {@code place} where a leak's creation site would be (a class's end
     * groups what one library field keeps, left by several tests whose frames differ); with
     * {@code reason}, a group of several gets the reason it gives of its members.
     */
    public static List<Leak> group(List<Leak> leaks, Function<Leak, Object> place, Function<List<Leak>, String> reason) {
        if (leaks == null) {
            return List.of();
        }
        Map<String, Integer> byObject = Alike.byObject(leaks);
        List<Object> keys = new ArrayList<>(leaks.size());
        boolean unread = false;
        for (Leak leak : leaks) {
            keys.add(leak.cycle() != null ? new StandsAlone() : Key.of(leak, place.apply(leak), byObject));
            unread |= unread(leak);
        }
        Map<Object, Object> waitOfUnread = unread ? waitOfUnread(leaks, keys) : Map.of();
        Map<Object, List<Leak>> groups = new LinkedHashMap<>();
        for (int i = 0; i < leaks.size(); i++) {
            Object key = keys.get(i);
            Object joined = unread(leaks.get(i)) ? waitOfUnread.get(key) : null;
            groups.computeIfAbsent(joined != null ? joined : key, k -> new ArrayList<>()).add(leaks.get(i));
        }
        List<Leak> result = new ArrayList<>(groups.size());
        for (List<Leak> members : groups.values()) {
            if (members.size() == 1 && members.get(0).count() == 1) {
                result.add(members.get(0));
            } else {
                result.add(merge(reason == null ? members : withReason(members, reason.apply(members))));
            }
        }
        return result;
    }

    private static List<Leak> withReason(List<Leak> members, String reason) {
        List<Leak> result = new ArrayList<>(members.size());
        for (Leak m : members) {
            result.add(m.withVerdict(m.verdict(), m.blockedOn(), reason, m.cycle()));
        }
        return result;
    }

    private static Leak merge(List<Leak> members) {
        Leak first = shown(members);
        int count = 0;
        int otherReasons = 0;
        int elsewhere = 0;
        String another = null;
        int stacksRead = 0;
        Set<String> objects = new HashSet<>();
        int moreObjects = 0;
        List<ThreadRef> named = new ArrayList<>();
        for (Leak member : members) {
            count += member.count();
            elsewhere += elsewhere(member, first);
            stacksRead += stacksRead(member);
            if (member.blockedOn() != null && member.blockedOn().object() != null) {
                objects.add(member.blockedOn().object());
                moreObjects += member.waitObjects() == null ? 0 : member.waitObjects() - 1;
            }
            if (!sameReason(member.reason(), first.reason())) {
                otherReasons += member.count();
                another = another == null ? member.reason() : another;
            }
            if (member.members() != null) {
                for (ThreadRef ref : member.members()) {
                    addNamed(named, ref);
                }
            } else if (member.thread() != null) {
                addNamed(named, member.thread().ref());
            } else if (member.task() != null && member.task().runningIn() != null) {
                addNamed(named, member.task().runningIn());
            }
        }
        Leak group = another == null ? first : first.withVerdict(first.verdict(), first.blockedOn(),
                groupReason(first.reason(), another, count - otherReasons, otherReasons), first.cycle());
        group = group.grouped(count, named).withElsewhere(elsewhere);
        if (first.kind() == LeakKind.EXECUTOR) {
            return group.withWorkersInAll(workersInAll(members));
        }
        // the wait line names the first member's object: where the others wait on others, it says how many
        return first.kind() == LeakKind.TASK ? group
                : group.withStacksRead(stacksRead).withWaitObjects(objects.size() + moreObjects);
    }

    /** The live workers of a group's executors, in all: the one a group shows says its own only. */
    private static int workersInAll(List<Leak> members) {
        int n = 0;
        for (Leak m : members) {
            n += m.workersInAll() != null ? m.workersInAll() : m.executor() == null ? 0 : m.executor().workers().size();
        }
        return n;
    }

    /**
     * The member a group shows: the oldest, so that its age is the group's and the same one is shown
     * from run to run (Spring Batch's ten pools showed one made last, whichever it was, "age 259 ms"
     * of seconds-old work; a group of 157 lost senders was led by "sender-92", the first in the
     * JVM's order). Of threads, one with a stack leads: a big group takes the stacks of a few.
     */
    private static Leak shown(List<Leak> members) {
        boolean threads = members.get(0).kind() != LeakKind.EXECUTOR && members.get(0).kind() != LeakKind.TASK;
        Leak shown = members.get(0);
        for (Leak m : members) {
            boolean stackGained = threads && shown.stack().isEmpty() && !m.stack().isEmpty();
            boolean stackLost = threads && !shown.stack().isEmpty() && m.stack().isEmpty();
            if (stackGained || !stackLost && m.ageMillis() > shown.ageMillis()) {
                shown = m;
            }
        }
        return shown;
    }

    /**
     * The reason of a group whose {@code firstCount} members say {@code first} and
     * {@code otherCount} say something else, such as {@code another}: where one only adds to the
     * other ("...; it woke from the timed wait it was in and waits again"), the addition is said
     * of those it is true of, once.
     */
    private static String groupReason(String first, String another, int firstCount, int otherCount) {
        int count = firstCount + otherCount;
        if (first != null && another != null && another.startsWith(first + "; ")) {
            return first + "; for " + otherCount + " of these " + count + ", " + another.substring(first.length() + 2);
        }
        if (first != null && another != null && first.startsWith(another + "; ")) {
            return another + "; for " + firstCount + " of these " + count + ", " + first.substring(another.length() + 2);
        }
        return first + "; for " + otherCount + " of these " + count + ", another reason, such as: " + another;
    }

    /** How many of {@code member}'s threads had their current stacks read: none without a stack. */
    private static int stacksRead(Leak member) {
        if (member.stack().isEmpty()) {
            return 0;
        }
        return member.stacksRead() != null ? member.stacksRead() : member.count();
    }

    /** How many of {@code leak}'s members are not where its stack says. */
    private static int elsewhere(Leak leak) {
        return leak.elsewhere() == null ? 0 : leak.elsewhere();
    }

    /**
     * How many of {@code member}'s threads are not where {@code first}'s stack says: all of them
     * when its stack passes through other methods (a group's members share a creation site and a
     * state, not a place: a server's acceptor and its selector), else those it counts itself (the
     * first member too). A member without a stack (a big group takes a few) is not counted:
     * nothing says where it is.
     */
    private static int elsewhere(Leak member, Leak first) {
        if (member.stack().isEmpty() || first.stack().isEmpty()) {
            return 0;
        }
        return sameMethods(member.stack(), first.stack()) ? elsewhere(member) : member.count();
    }

    /** The same calls, line numbers aside: a thread looping in one method is where its group is. */
    static boolean sameMethods(List<Frame> a, List<Frame> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i).className(), b.get(i).className())
                    || !Objects.equals(a.get(i).method(), b.get(i).method())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same reason, but for what it measured: "interrupted 383 ms ago" and "interrupted 412 ms
     * ago" are one reason, said of members looked at a moment apart.
     */
    static boolean sameReason(String a, String b) {
        return Objects.equals(a, b) || a != null && b != null && NUMBERS.matcher(a).replaceAll("#")
                .equals(NUMBERS.matcher(b).replaceAll("#"));
    }

    private static void addNamed(List<ThreadRef> named, ThreadRef ref) {
        if (named.size() < NAMED_MEMBERS) {
            named.add(ref);
        }
    }

    /**
     * Leaks group by creation site (or the caller's {@code place} for it). Without one, threads
     * started by the same creator group together, and threads that predate the agent group by
     * where they wait ({@link Alike}).
     */
    /**
     * Where a thread nothing else places waits: the same kind of wait in the same stack, as a
     * person reading a thread dump groups threads (a late attach to a server with 2,000 request
     * threads, each awaiting a latch of its own, printed 2,000 blocks), for a thread parked alone on
     * what it waits on; threads parked on one object group by it (one group a latch, each counting
     * every thread on it, whether a big group took its stack or not). Hashed once, by a loop: a
     * report of 100,000 such threads hashes one per leak.
     */
    private static final class Alike {
        private final String wait;
        private final List<Frame> stack;
        private final int hash;

        private Alike(String wait, List<Frame> stack) {
            this.wait = wait;
            this.stack = stack;
            int h = wait.hashCode();
            for (Frame f : stack) {
                h = 31 * h + Objects.hashCode(f.className()) * 7 + Objects.hashCode(f.method()) * 3 + f.line();
            }
            this.hash = h;
        }

        /** How many threads without a place are parked on each object. */
        static Map<String, Integer> byObject(List<Leak> leaks) {
            Map<String, Integer> byObject = new HashMap<>();
            for (Leak leak : leaks) {
                BlockedOn on = leak.blockedOn();
                if (placeless(leak) && on != null && on.object() != null) {
                    byObject.merge(on.object(), leak.count(), Integer::sum);
                }
            }
            return byObject;
        }

        static Object of(Leak leak, Map<String, Integer> byObject) {
            BlockedOn on = leak.blockedOn();
            boolean shared = on != null && on.object() != null && byObject.getOrDefault(on.object(), 0) > 1;
            if (shared || leak.stack().isEmpty()) {
                return on != null && on.object() != null ? on.object() : leak.stack();
            }
            return new Alike(on == null ? "" : on.operation() + " " + BlockedOn.typeOf(on.object()), leak.stack());
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Alike a && a.hash == hash && a.wait.equals(wait) && a.stack.equals(stack);
        }
    }

    /**
     * The class of what a thread waits on; null for what is not a thread or waits on nothing known.
     * Not the wait's operation: a member whose stack was not read tells it less well (a queue's
     * {@code take()} reads {@code Condition.await}), and would stand apart from its own block.
     */
    private static String waitKind(Leak leak) {
        BlockedOn on = leak.blockedOn();
        if (on == null || leak.thread() == null || leak.task() != null || leak.executor() != null) {
            return null;
        }
        return BlockedOn.typeOf(on.object());
    }

    /** Nothing says where it came from: no creation site, no creator (a thread from before the agent). */
    private static boolean placeless(Leak leak) {
        return leak.createdAt().isEmpty() && leak.createdBy() == null;
    }

    /**
     * A thread whose stack was not read, nor its wait seen: a big group's members past the few
     * whose stacks a report reads. Its key has no wait; it joins the members read of its site and
     * state where they all wait alike (Quartz's trial: one pool's ten idle workers, all in one
     * {@code Object.wait}, read as a block of 3 with their wait and a block of 7 without).
     */
    private static boolean unread(Leak leak) {
        return leak.thread() != null && leak.task() == null && leak.executor() == null && leak.cycle() == null
                && leak.stack().isEmpty() && leak.blockedOn() == null;
    }

    /**
     * For each key of a thread not read, the key of the members read of its site and state, where
     * those all wait on one kind of object; none where they wait on several (which the unread one
     * waits on is not known).
     */
    private static Map<Object, Object> waitOfUnread(List<Leak> leaks, List<Object> keys) {
        Map<Object, Object> read = new HashMap<>();
        Set<Object> several = new HashSet<>();
        for (int i = 0; i < leaks.size(); i++) {
            if (keys.get(i) instanceof Key key && key.whereIfNoCreator() != null && !unread(leaks.get(i))) {
                Object unreadKey = key.withWhere(null);
                Object before = read.putIfAbsent(unreadKey, key);
                if (before != null && !before.equals(key)) {
                    several.add(unreadKey);
                }
            }
        }
        several.forEach(read::remove);
        return read;
    }

    /** The key of a leak no other joins: equal to itself only. */
    private static final class StandsAlone {
    }

    private record Key(LeakKind kind, Verdict verdict, Object place, Long creatorIfNoSite,
                       boolean preExisting, Object whereIfNoCreator, String state) {

        static Key of(Leak leak, Object place, Map<String, Integer> byObject) {
            boolean hasSite = !leak.createdAt().isEmpty();
            Long creator = hasSite || leak.createdBy() == null ? null : leak.createdBy().id();
            // a thread's wait too, by its kind: a server's request threads share a site and a state,
            // and five in three waits (a queue's put, a latch, a lock) read as one block, on the wait of
            // the one shown (Tomcat's trial)
            Object where = placeless(leak) ? Alike.of(leak, byObject) : waitKind(leak);
            // a thread's state too: a group's headline shows one member's, which must be true of all
            // (a pool's idle workers and the one stuck for good in a task are not one block); and a
            // task's code, which its headline names (a class's end grouped two tasks one library field
            // kept, of two classes, and named one: Commons DBCP's trial)
            String state = leak.task() != null ? leak.task().state() + "/" + leak.task().lostBecause() + "/"
                    + (leak.task().wraps() != null ? leak.task().wraps() : leak.task().type())
                    : leak.executor() != null ? leak.executor().state()
                    : leak.thread() != null ? leak.thread().state() : null;
            if (placeless(leak)) {
                // nothing says two of these came from one place: an executor or task stands alone
                state = leak.executor() != null ? leak.executor().identity()
                        : leak.task() != null ? leak.task().identity() : state;
            }
            return new Key(leak.kind(), leak.verdict(), place, creator, leak.preExisting(), where, state);
        }

        Key withWhere(Object where) {
            return new Key(kind, verdict, place, creatorIfNoSite, preExisting, where, state);
        }

        // Written out rather than the record's own: those go through method handles that run
        // interpreted until compiled, and a report of 100,000 alike leaks hashes and compares one
        // key per leak, so the first report of a JVM spent most of its grouping there.
        @Override
        public int hashCode() {
            int h = kind == null ? 0 : kind.hashCode();
            h = 31 * h + (verdict == null ? 0 : verdict.hashCode());
            h = 31 * h + Objects.hashCode(place);
            h = 31 * h + Objects.hashCode(creatorIfNoSite);
            h = 31 * h + Boolean.hashCode(preExisting);
            h = 31 * h + Objects.hashCode(whereIfNoCreator);
            return 31 * h + Objects.hashCode(state);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Key k && kind == k.kind && verdict == k.verdict
                    && preExisting == k.preExisting && Objects.equals(creatorIfNoSite, k.creatorIfNoSite)
                    && Objects.equals(state, k.state) && Objects.equals(whereIfNoCreator, k.whereIfNoCreator)
                    && Objects.equals(place, k.place);
        }
    }
}
