package dev.threadleak.heapproof;

import dev.threadleak.report.Frame;
import dev.threadleak.report.ReportText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the caller's subjects (threads, executors, tasks: its subject table) a static field
 * holds the way a singleton is held: through object fields alone, from one static field to it,
 * never through an array, a collection or map, a reference object, a class loader, a thread
 * group or another thread. Such a subject is one per static field, however often the code that
 * made it runs: a library's lazily made JVM-wide service (commons-vfs's {@code VFS.instance} and
 * its cache's release thread; Narayana's transaction reaper), not one more leak per call. A
 * subject kept in a static list or map is not: a list can grow with every call.
 *
 * <p>Through collections, a thread is also kept where the {@code Runnable} it runs is, unless
 * another subject thread runs the same one: only the JVM refers to many a worker's
 * {@code Thread} (Tomcat's poller), while its task hangs off the server that made it. Not where
 * the task is a static field's value itself or a class's constant (a lambda that captures
 * nothing): that says nothing of who keeps the thread.
 *
 * <p>Static fields of the caller's bookkeeping and of test runners are not holders: they keep
 * what they run, not what the program keeps. Which holder counts as the program's own (a test
 * class's static field, whose test can end what it holds) is the caller's to decide.
 *
 * <p>A subject is credited to the first static field that reaches it, and the fields of the code
 * that made the subjects come first: of their classes, then of their packages, then the rest in
 * the dump's order. The dump lists the classes loaded last first, so a cache that only met a
 * subject later came first otherwise (Artemis's trial: a shared Netty group's threads named as
 * kept by Netty's resolver cache of executors, not by the group's own static field). Among the
 * makers, the code nearest to where a subject was made comes first. In the singleton walk the
 * classes a test framework entered ({@link Makers#entered()}) come last of all: a library's
 * JVM-wide service, which a test class asked for and keeps a handle on in its own static field,
 * is the library's (Commons VFS's trial: the cache thread of {@code VFS.getManager()}'s manager,
 * held by {@code VFS.instance} and by a test class's static {@code FileObject} of that manager).
 */
final class StaticHolders {

    /**
     * Class-name prefixes of test runners, IDEs and mocking frameworks, whose static fields keep
     * what they run: JMockit's {@code TestRun.INSTANCE} holds the running test's instance, and so
     * everything its fields hold (ZooKeeper's trial: a test's server and clients were left out as
     * singletons of that field); Mockito's mock makers hold every mock's handler, and so what a test
     * stubbed a mock to return (Artemis's trial: a test's executor, a mock's answer, only warned its
     * class as kept by {@code MockUtil.mockMakers}); MockK keeps its mocks' stubs alike.
     */
    static final List<String> RUNNERS = List.of("org.junit.", "junit.", "org.opentest4j.", "org.testng.",
            "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.", "org.gradle.", "com.intellij.rt.",
            "org.eclipse.jdt.internal.junit", "mockit.", "org.powermock.", "org.spockframework.", "org.mockito.",
            "io.mockk.");

    /**
     * Classes whose static fields list what runs until it is stopped, for a shutdown hook to stop
     * (Jetty's {@code ShutdownMonitor}, where {@code Server.doStart} lists every server): such a
     * list keeps what nobody else can stop any more, and a server only it keeps is a lost one, the
     * leak of the code that lost it, not a library's service (AsyncHttpClient's trial: tests that
     * lost a server each passed, the server only a class's warning).
     */
    static final List<String> STARTED_LISTS = List.of("org.eclipse.jetty.server.ShutdownMonitor");

    /**
     * Class-name prefixes of test frameworks' caches that share a fixture among test classes on
     * purpose, for the life of the JVM (Spring's test context cache, which closes a context when it
     * evicts it or the JVM exits). The walk through collections starts from their static fields, so
     * that what one keeps is credited to it rather than to a field inside the fixture that was
     * walked first (a {@code JpaMetamodel.CACHE} inside the cached context).
     */
    static final List<String> SHARED_FIXTURES = List.of("org.springframework.test.context.cache.");

    /**
     * Classes whose instances are walked through by neither walk: what they hold is not kept by a
     * static field. Among them the nodes in which a lock, latch, future or hand-off queues its
     * waiting threads: a thread parked on a latch in a static field is not kept by that field, it
     * waits there (Jetty trial: a test's thread stuck on its class's latch was left for the class).
     * Nor is a scheduled task queued to run once ({@link HeapDump#runsOnce}), per instance.
     */
    private static final List<String> NEVER_WALKED = List.of("java.lang.Thread", "java.lang.ThreadGroup",
            "java.lang.ClassLoader", "java.lang.ref.Reference",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$Node",
            "java.util.concurrent.locks.StampedLock$WNode", "java.util.concurrent.locks.StampedLock$Node",
            "java.util.concurrent.FutureTask$WaitNode", "java.util.concurrent.CompletableFuture$Signaller",
            "java.util.concurrent.Phaser$QNode", "java.util.concurrent.Exchanger$Node",
            "java.util.concurrent.SynchronousQueue$TransferStack$SNode",
            "java.util.concurrent.SynchronousQueue$TransferQueue$QNode",
            // a LinkedTransferQueue's nodes, and on JDK 21+ a SynchronousQueue's (it is one there)
            "java.util.concurrent.LinkedTransferQueue$Node", "java.util.concurrent.LinkedTransferQueue$DualNode");
    /**
     * Classes whose instances refer to what they meet and keep none of it running, walked through
     * by neither walk. Netty's resolver group maps each event loop that resolved a name to its
     * resolver, and a listener on the loop's end removes it (Qpid JMS's and Artemis's trials: a
     * client's event loop nobody shut down was only warned, as kept by
     * {@code DefaultAddressResolverGroup.INSTANCE}). Logback's status messages name the component
     * that logged them, in the context's bounded list of the last ones (Dropwizard's trial: async
     * appenders a test built and never stopped only warned their class, as kept by a logger's
     * context along {@code BasicStatusManager -> InfoStatus}; let go, their workers would block
     * for ever). Matched as the end of a class name too, for the copies libraries shade under
     * their own packages.
     */
    private static final List<String> REFERRERS = List.of("io.netty.resolver.AddressResolverGroup",
            "ch.qos.logback.core.status.StatusBase");
    /** Classes whose instances the singleton walk does not walk through either: they can grow. */
    private static final List<String> GROWING = List.of("java.util.AbstractCollection", "java.util.AbstractMap",
            "java.util.Dictionary");
    /**
     * The JDK's classes ({@link Frame#isJdkClass}) have static registries (every virtual thread)
     * that keep no program's work, but for one ({@link ReportText#SHUTDOWN_HOOKS}), walked through
     * collections only: the shutdown hooks the program registered, each a thread not yet started whose {@code Runnable} is walked (on JDK 17 its {@code target}, on
     * 19+ its holder's {@code task}). A pool that only a hook stops is one the code means to run
     * until the JVM exits: ShenYu's memory calculator starts its scheduler once per JVM, guarded
     * by a static flag, and lets a hook shut it down; unheld, it failed whichever test first used
     * the class (by test order). Kept so, it is judged at the class's end, as what a library's
     * static map keeps is. A hook a test registers per call keeps its pool the same way: a
     * warning there, not a failure, which a wrongly failed test would cost more.
     */
    private static final String SHUTDOWN_HOOKS_CLASS =
            ReportText.SHUTDOWN_HOOKS.substring(0, ReportText.SHUTDOWN_HOOKS.lastIndexOf('.'));

    private final HeapDump heap;
    private final List<String> bookkeeping;
    /** The static fields' indices, those of the makers' classes first, then of their packages, then the rest. */
    private final int[] order;
    /** The same for the singleton walk, with the fields of the classes a test framework entered last. */
    private final int[] singletonOrder;
    /** Where each subject credited so far was reached, by its position. */
    private final Map<Integer, Credit> credits = new HashMap<>();
    private final Map<Long, Boolean> singletonWalked = new HashMap<>();
    private final Map<Long, Boolean> anyWalked = new HashMap<>();

    StaticHolders(HeapDump heap, List<String> bookkeeping) {
        this(heap, bookkeeping, Makers.NONE);
    }

    /** {@code makers}: who made the subjects ({@link ProofInput#makers()}). */
    StaticHolders(HeapDump heap, List<String> bookkeeping, Makers makers) {
        this.heap = heap;
        this.bookkeeping = List.copyOf(bookkeeping);
        this.order = order(heap, makers.classes(), List.of());
        this.singletonOrder = makers.entered().isEmpty() ? order : order(heap, makers.classes(), makers.entered());
    }

    /**
     * The static fields' indices, stably by how near their class is to {@code makers} (see the
     * class): a maker's class by the maker's place in {@code makers}, then a maker's package alike,
     * then the rest, then the classes of {@code last}.
     */
    private static int[] order(HeapDump heap, List<String> makers, List<String> last) {
        Map<String, Integer> classes = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        for (String maker : makers) {
            if (!Frame.isJdkClass(maker)) {
                classes.putIfAbsent(topLevel(maker), classes.size());
                packages.putIfAbsent(packageOf(maker), packages.size());
            }
        }
        int makerClasses = classes.size();
        int rest = makerClasses + packages.size();
        for (String entered : last) {
            classes.put(topLevel(entered), rest + 1);
        }
        int count = heap.staticObjects.length;
        List<List<Integer>> byRank = new ArrayList<>();
        for (int rank = 0; rank <= rest + 1; rank++) {
            byRank.add(new ArrayList<>());
        }
        for (int s = 0; s < count; s++) {
            byRank.get(rank(heap.className(heap.staticOwner(s)), classes, packages, makerClasses, rest)).add(s);
        }
        int[] order = new int[count];
        int next = 0;
        for (List<Integer> fields : byRank) {
            for (int s : fields) {
                order[next++] = s;
            }
        }
        return order;
    }

    /**
     * A maker's class (or one nested in it) by its rank in {@code classes}, then a maker's package
     * by its place after the {@code makerClasses}, then {@code rest}.
     */
    private static int rank(String owner, Map<String, Integer> classes, Map<String, Integer> packages,
                            int makerClasses, int rest) {
        if (owner == null) {
            return rest;
        }
        Integer asClass = classes.get(topLevel(owner));
        if (asClass != null) {
            return asClass;
        }
        Integer asPackage = packages.get(packageOf(owner));
        return asPackage == null ? rest : makerClasses + asPackage;
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, Math.max(0, className.lastIndexOf('.')));
    }

    /**
     * The static field that holds each subject, by its position in the subject table, as
     * {@code com.acme.Registry.INSTANCE}; a subject no static field holds so is absent. A subject
     * is credited to the first field that reaches it, the makers' fields first (see the class).
     */
    Map<Integer, String> find() {
        return walk(positions(Map.of()), false);
    }

    /**
     * For the subjects {@code held} does not have: the static field of the program (not the JDK's)
     * that keeps each through anything but a reference object, a class loader, a thread group or
     * another thread, arrays, collections and maps included. Not a singleton (such a collection
     * can grow), but what a reader needs to end it: clear that field's collection.
     */
    Map<Integer, String> keptThrough(Map<Integer, String> held) {
        return walk(positions(held), true);
    }

    /**
     * The subject threads among {@code positions} by the {@code Runnable} each runs, where no other
     * subject runs the same one: a thread whose task a static field keeps lives as long as that
     * task is kept and run (a web server's poller, whose {@code Thread} only the JVM refers to).
     */
    private Map<Integer, Integer> threadsByTask(Map<Integer, Integer> positions) {
        Map<Integer, Integer> byTask = new HashMap<>();
        Map<Integer, Boolean> shared = new HashMap<>();
        for (Map.Entry<Integer, Integer> e : positions.entrySet()) {
            int row = heap.threads.rowOf(e.getKey());
            int task = row < 0 ? -1 : heap.threads.task(row);
            if (task >= 0 && byTask.putIfAbsent(task, e.getValue()) != null) {
                shared.put(task, true);
            }
        }
        shared.keySet().forEach(byTask::remove);
        return byTask;
    }

    /** Each subject's index in the heap to its position in the table, but those already {@code found}. */
    private Map<Integer, Integer> positions(Map<Integer, String> found) {
        int[] subjects = heap.subjectTable();
        Map<Integer, Integer> positions = new HashMap<>();
        for (int i = 0; subjects != null && i < subjects.length; i++) {
            if (subjects[i] >= 0 && !found.containsKey(i)) {
                positions.putIfAbsent(subjects[i], i);
            }
        }
        return positions;
    }

    private Map<Integer, String> walk(Map<Integer, Integer> positions, boolean throughCollections) {
        Map<Integer, String> held = new HashMap<>();
        if (positions.isEmpty()) {
            return held;
        }
        ObjectMarks marks = new ObjectMarks(heap.objectCount());
        IntStack stack = new IntStack();
        Map<Integer, Integer> byTask = throughCollections ? threadsByTask(positions) : Map.of();
        // through collections, the shared fixtures' static fields first (pass 0), then the rest
        for (int pass = throughCollections ? 0 : 1; pass < 2; pass++) {
            walkFrom(pass == 0, positions, byTask, throughCollections, held, marks, stack);
        }
        return held;
    }

    /**
     * Walks from the static fields of the shared fixtures ({@code fixtures}), or from the others;
     * {@code byTask}: threads credited where their task is reached.
     */
    private void walkFrom(boolean fixtures, Map<Integer, Integer> positions, Map<Integer, Integer> byTask,
                          boolean throughCollections, Map<Integer, String> held, ObjectMarks marks, IntStack stack) {
        int[] fields = throughCollections ? order : singletonOrder;
        for (int i = 0; i < fields.length && held.size() < positions.size(); i++) {
            int s = fields[i];
            int root = heap.staticObjects[s];
            String owner = heap.className(heap.staticOwner(s));
            if (root < 0 || marks.get(root) || !mayHold(owner, throughCollections)
                    || (throughCollections && startsWithAny(owner, SHARED_FIXTURES) != fixtures)) {
                continue;
            }
            // a task that is a static's value itself, or a constant (a lambda that captures nothing is
            // one of its class's <resolved_references>), says nothing of what keeps the thread running it
            boolean constants = heap.staticFieldName(s).endsWith(".<resolved_references>");
            boolean hooks = walksHooks(s, throughCollections);
            marks.set(root);
            stack.push(root);
            while (!stack.isEmpty()) {
                int object = stack.pop();
                Integer position = positions.get(object);
                if (position != null && held.putIfAbsent(position, heap.staticFieldName(s)) == null) {
                    credits.put(position, new Credit(s, object, throughCollections));
                }
                Integer runner = byTask.isEmpty() || object == root || constants ? null : byTask.get(object);
                if (runner != null && held.putIfAbsent(runner, heap.staticFieldName(s)) == null) {
                    credits.put(runner, new Credit(s, object, throughCollections));
                }
                if (walked(object, throughCollections)) {
                    heap.references(object, next -> {
                        int to = throughHook(next, hooks);
                        if (to >= 0 && marks.set(to)) {
                            stack.push(to);
                        }
                    });
                }
            }
        }
    }

    /** Whether a walk from static field {@code field} is the walk through the JDK's list of shutdown hooks. */
    private boolean walksHooks(int field, boolean throughCollections) {
        return throughCollections && ReportText.SHUTDOWN_HOOKS.equals(heap.staticFieldName(field));
    }

    /**
     * Where a walk goes on from {@code next}: on the walk through the hooks ({@code hooks}), from a
     * hook's thread to its {@code Runnable}, none of what else its thread refers to (inherited
     * thread locals), whether or not another field reached the thread first, which a thread stops
     * at (a library that keeps its hook to remove it later); -1 for a hook without one.
     */
    private int throughHook(int next, boolean hooks) {
        int hook = hooks ? heap.threads.rowOf(next) : -1;
        return hook >= 0 ? heap.threads.task(hook) : next;
    }

    /** Where a walk credited a subject: from static field {@code field}, at {@code object}, through collections or not. */
    private record Credit(int field, int object, boolean throughCollections) {
    }

    /** How many classes a chain names at most; a longer one keeps its ends. */
    static final int CHAIN_CLASSES = 8;

    /**
     * For each of {@code positions} a walk credited: the classes of the program's objects on a
     * shortest chain of references from its static field to it, nearest the field first, the
     * JDK's (a map's nodes, an array) left out and a run of one class named once; empty when
     * the field refers to it, or only through the JDK's. What keeps it, for a reader to end
     * (Log4j's trial: an async logger's thread {@code kept by AbstractManager.MAP} was its
     * configuration's, which nothing stopped, and only the chain says so). One breadth-first
     * walk per field, by the walk's rules, only for what was credited: a report's few leaks.
     */
    Map<Integer, List<String>> chains(Set<Integer> positions) {
        Map<Integer, List<Integer>> byField = new HashMap<>();
        for (int position : positions) {
            Credit c = credits.get(position);
            if (c != null) {
                byField.computeIfAbsent(c.field(), k -> new ArrayList<>()).add(position);
            }
        }
        Map<Integer, List<String>> chains = new HashMap<>();
        int[] parent = byField.isEmpty() ? null : new int[heap.objectCount()];
        for (Map.Entry<Integer, List<Integer>> e : byField.entrySet()) {
            chainsFrom(e.getKey(), e.getValue(), parent, chains);
        }
        return chains;
    }

    private void chainsFrom(int field, List<Integer> positions, int[] parent, Map<Integer, List<String>> chains) {
        Map<Integer, List<Integer>> targets = new HashMap<>();
        for (int position : positions) {
            targets.computeIfAbsent(credits.get(position).object(), k -> new ArrayList<>()).add(position);
        }
        boolean throughCollections = credits.get(positions.get(0)).throughCollections();
        boolean hooks = walksHooks(field, throughCollections);
        int root = heap.staticObjects[field];
        ObjectMarks marks = new ObjectMarks(heap.objectCount());
        IntStack queue = new IntStack(); // read from its start: first in, first out
        marks.set(root);
        parent[root] = -1;
        queue.push(root);
        int left = targets.size();
        for (int head = 0; head < queue.size() && left > 0; head++) {
            int object = queue.get(head);
            List<Integer> found = targets.get(object);
            if (found != null) {
                left--;
                List<String> chain = chain(object, parent);
                found.forEach(position -> chains.put(position, chain));
            }
            if (walked(object, throughCollections)) {
                heap.references(object, next -> {
                    int to = throughHook(next, hooks); // as the walk that credited it went
                    if (to >= 0 && marks.set(to)) {
                        parent[to] = object;
                        queue.push(to);
                    }
                });
            }
        }
    }

    /** The program's classes on the chain to {@code object} (not its own), from the field's end. */
    private List<String> chain(int object, int[] parent) {
        List<String> classes = new ArrayList<>();
        for (int at = parent[object]; at >= 0; at = parent[at]) {
            String name = heap.className(heap.classIdAt(at));
            if (name != null && !name.startsWith("[") && !Frame.isJdkClass(name)
                    && (classes.isEmpty() || !classes.get(classes.size() - 1).equals(name))) {
                classes.add(name);
            }
        }
        Collections.reverse(classes);
        if (classes.size() <= CHAIN_CLASSES) {
            return List.copyOf(classes);
        }
        List<String> ends = new ArrayList<>(classes.subList(0, 3)); // the field's side, then the subject's
        ends.add("...");
        ends.addAll(classes.subList(classes.size() - (CHAIN_CLASSES - 4), classes.size()));
        return List.copyOf(ends);
    }

    /**
     * Whether static fields of class {@code name} may hold a subject: not the caller's, not a test
     * runner's, not a list of what was started; for the walk through collections, not the JDK's either.
     */
    private boolean mayHold(String name, boolean throughCollections) {
        return name != null && !startsWithAny(name, bookkeeping) && !startsWithAny(name, RUNNERS)
                && !startsWithAny(name, STARTED_LISTS)
                && !(throughCollections && Frame.isJdkClass(name) && !name.equals(SHUTDOWN_HOOKS_CLASS));
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the walk reaches on through the object at {@code index} (see the class). */
    private boolean walked(int index, boolean throughCollections) {
        long classId = heap.classIdAt(index);
        if (classId == 0 || heap.runsOnce(index)) {
            return false; // a task queued to run once lets go of what it refers to as it runs (Milo's trial)
        }
        Map<Long, Boolean> cache = throughCollections ? anyWalked : singletonWalked;
        return cache.computeIfAbsent(classId, id -> {
            String name = heap.className(id);
            if (name == null || !throughCollections && name.startsWith("[")) {
                return false;
            }
            return !isAny(id, NEVER_WALKED) && !isReferrer(id) && (throughCollections || !isAny(id, GROWING));
        });
    }

    /** Whether the class {@code classId} is one of {@link #REFERRERS}, or extends one, shaded or not. */
    private boolean isReferrer(long classId) {
        return heap.isSubclass(classId, name -> {
            for (String referrer : REFERRERS) {
                if (name.equals(referrer) || name.endsWith("." + referrer)) {
                    return true;
                }
            }
            return false;
        });
    }

    private boolean isAny(long classId, List<String> classes) {
        for (String c : classes) {
            if (heap.isSubclass(classId, c)) {
                return true;
            }
        }
        return false;
    }
}
