package dev.threadleak.heapproof;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the caller's subjects (threads, executors, tasks: its subject table) a static field
 * holds the way a singleton is held: through object fields alone, from one static field to it,
 * never through an array, a collection or map, a reference object, a class loader, a thread
 * group or another thread. Such a subject is one per static field, however often the code that
 * made it runs: a library's lazily made JVM-wide service (commons-vfs's {@code VFS.instance} and
 * its cache's release thread; Narayana's transaction reaper), not one more leak per call. A
 * subject kept in a static list or map is not: a list can grow with every call.
 *
 * <p>Static fields of the caller's bookkeeping and of test runners are not holders: they keep
 * what they run, not what the program keeps. Which holder counts as the program's own (a test
 * class's static field, whose test can end what it holds) is the caller's to decide.
 */
final class StaticHolders {

    /** Class-name prefixes of test runners and IDEs, whose static fields keep what they run. */
    static final List<String> RUNNERS = List.of("org.junit.", "junit.", "org.opentest4j.", "org.testng.",
            "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.", "org.gradle.", "com.intellij.rt.",
            "org.eclipse.jdt.internal.junit");

    /** Classes whose instances are not walked through: what they hold is not held as a singleton. */
    private static final List<String> NOT_WALKED = List.of("java.lang.Thread", "java.lang.ThreadGroup",
            "java.lang.ClassLoader", "java.lang.ref.Reference", "java.util.AbstractCollection", "java.util.AbstractMap",
            "java.util.Dictionary");

    private final HeapDump heap;
    private final List<String> bookkeeping;
    private final Map<Long, Boolean> walkedClasses = new HashMap<>();

    StaticHolders(HeapDump heap, List<String> bookkeeping) {
        this.heap = heap;
        this.bookkeeping = List.copyOf(bookkeeping);
    }

    /**
     * The static field that holds each subject, by its position in the subject table, as
     * {@code com.acme.Registry.INSTANCE}; a subject no static field holds so is absent. Static fields
     * are walked in the dump's order, and a subject is credited to the first that reaches it.
     */
    Map<Integer, String> find() {
        int[] subjects = heap.subjectTable();
        Map<Integer, String> held = new HashMap<>();
        if (subjects == null || subjects.length == 0) {
            return held;
        }
        Map<Integer, Integer> positions = new HashMap<>();
        for (int i = 0; i < subjects.length; i++) {
            if (subjects[i] >= 0) {
                positions.putIfAbsent(subjects[i], i);
            }
        }
        ObjectMarks marks = new ObjectMarks(heap.objectCount());
        IntStack stack = new IntStack();
        for (int s = 0; s < heap.staticObjects.length && held.size() < positions.size(); s++) {
            int root = heap.staticObjects[s];
            if (root < 0 || marks.get(root) || !mayHold(heap.className(heap.staticOwner(s)))) {
                continue;
            }
            marks.set(root);
            stack.push(root);
            while (!stack.isEmpty()) {
                int object = stack.pop();
                Integer position = positions.get(object);
                if (position != null) {
                    held.putIfAbsent(position, heap.staticFieldName(s));
                }
                if (walked(object)) {
                    heap.references(object, next -> {
                        if (marks.set(next)) {
                            stack.push(next);
                        }
                    });
                }
            }
        }
        return held;
    }

    /** Whether static fields of class {@code name} may hold a subject: not the caller's, not a test runner's. */
    private boolean mayHold(String name) {
        if (name == null) {
            return false;
        }
        for (String prefix : bookkeeping) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        for (String prefix : RUNNERS) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a singleton's holder reaches on through the object at {@code index} (see the class). */
    private boolean walked(int index) {
        long classId = heap.classIdAt(index);
        if (classId == 0) {
            return false;
        }
        return walkedClasses.computeIfAbsent(classId, id -> {
            String name = heap.className(id);
            if (name == null || name.startsWith("[")) {
                return false;
            }
            for (String notWalked : NOT_WALKED) {
                if (heap.isSubclass(id, notWalked)) {
                    return false;
                }
            }
            return true;
        });
    }
}
