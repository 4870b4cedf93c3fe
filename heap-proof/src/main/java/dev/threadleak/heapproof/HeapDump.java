package dev.threadleak.heapproof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * A focused HPROF reader: the heap as the proof needs it, a graph of the objects that can hold
 * references (instances and object arrays), read in two streaming passes and kept in primitive
 * arrays only. The first pass reads names, class dumps, GC roots (with the thread each belongs
 * to) and static references, and collects object ids into an {@link ObjectIndex} (id to a dense
 * index). The second reads only the heap records again and keeps, per object, its class and the
 * references the proof follows ({@link GraphRules}), as indexes in one edge array (CSR: where an
 * object's edges start; the last is stored as {@code ~index}); and the named fields of
 * {@code Thread} objects ({@link ThreadObjects}). Primitive arrays, primitive fields, nulls,
 * references to what is not indexed, stack traces and frames are never kept, and nothing of
 * the file is after the passes.
 *
 * <p>Format: the HPROF 1.0.2 records HotSpot writes ({@code heapDumper.cpp}), with 4- or 8-byte
 * identifiers.
 */
final class HeapDump {

    // top-level records
    private static final int UTF8 = 0x01;
    private static final int LOAD_CLASS = 0x02;
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;
    // heap-dump sub-records
    static final int ROOT_UNKNOWN = 0xFF;
    static final int ROOT_JNI_GLOBAL = 0x01;
    static final int ROOT_JNI_LOCAL = 0x02;
    static final int ROOT_JAVA_FRAME = 0x03;
    static final int ROOT_NATIVE_STACK = 0x04;
    static final int ROOT_STICKY_CLASS = 0x05;
    static final int ROOT_THREAD_BLOCK = 0x06;
    static final int ROOT_MONITOR_USED = 0x07;
    static final int ROOT_THREAD_OBJECT = 0x08;
    private static final int CLASS_DUMP = 0x20;
    static final int INSTANCE_DUMP = 0x21;
    static final int OBJECT_ARRAY_DUMP = 0x22;
    private static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    /**
     * The period fields of the scheduled tasks whose one-shot instances {@link #runsOnce} tells:
     * the JDK's pools' and {@code Timer}'s, and Netty's, matched as the end of a name for the
     * copies libraries shade.
     */
    private static final List<String> SCHEDULED_PERIODS = List.of(
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.period",
            "java.util.TimerTask.period",
            "netty.util.concurrent.ScheduledFutureTask.periodNanos");
    /**
     * Scheduled tasks that always run once, by the end of their class's name: a wheel timer's
     * timeouts (Netty's, and the copies Dubbo and others keep), which a periodic job re-adds.
     */
    private static final List<String> ONE_SHOT_TASKS = List.of("HashedWheelTimer$HashedWheelTimeout");
    /**
     * The JDK's locks whose exclusive hold only its owner can release (their {@code tryRelease}
     * throws for any other thread), with the bits of {@code state} that count that hold: a
     * {@code ReentrantLock}'s, and a {@code ReentrantReadWriteLock}'s write lock (the low 16 bits of
     * its int state; on JDK 25, whose lock keeps a long state, its low 32 bits).
     * Not any other synchronizer: one of the application's may let any thread release it.
     */
    private static final Map<String, Integer> OWNED_LOCKS = Map.of(
            "java.util.concurrent.locks.ReentrantLock$Sync", -1,
            "java.util.concurrent.locks.ReentrantReadWriteLock$Sync", 0xFFFF);
    /**
     * A synchronizer's owner. Not an edge out of one of {@link #OWNED_LOCKS}: only the lock itself
     * reads it (a subclass's protected {@code getOwner()} aside), so it is no handle on the owner's
     * {@code Thread} for an interrupt; followed, a lock in a static field made its stuck owner look
     * interruptible, and so everyone queued behind it servable.
     */
    private static final String OWNER_FIELD = "java.util.concurrent.locks.AbstractOwnableSynchronizer.exclusiveOwnerThread";
    /**
     * The queue nodes of a thread that acquires a synchronizer in exclusive mode: its own, and a
     * condition's, whose waiter takes the lock back once signalled, of the int and the long
     * synchronizer (JDK 25's read-write lock). Not a shared node (a read lock's, a semaphore's, a
     * latch's).
     */
    private static final Set<String> EXCLUSIVE_NODES = Set.of(
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ExclusiveNode",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ExclusiveNode",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionNode");

    /** A root not tied to any thread. */
    static final int NO_THREAD = -1;
    /** The class slot of an object whose class the dump does not describe; {@link #SMALL_NO_CLASS} as a char. */
    private static final int NO_CLASS = -1;
    private static final char SMALL_NO_CLASS = 0xFFFF;

    final int idSize;
    private final ObjectIndex objects;
    /** Per object, where its edges start in {@link #edges}, or -1: it holds no reference the proof follows. */
    private final int[] edgeStarts;
    private final IntChunks edges;
    /** Per object, its class's slot in {@link #classes}: a char each while there are fewer than 65,535 classes. */
    private final char[] smallClassSlots;
    private final int[] classSlots;
    private final List<DumpClass> classes;
    private final IdMap classIndex;
    private final Names names;
    private final IdMap classNameIds;
    final byte[] rootKinds;
    /** The object of each root, as an index; -1 when it is not an indexed object (a class, a primitive array). */
    final int[] rootObjects;
    final int[] rootThreads;
    /** Every non-null static reference field: its value as an index (or -1), declaring class and name id. */
    final int[] staticObjects;
    private final long[] staticOwners;
    private final long[] staticNames;
    final ThreadObjects threads;
    /** The elements of the caller's wait table, in order, as indexes (-1: null); null when there is none. */
    private final int[] waitTable;
    /** The same of the caller's subject table ({@link GraphRules#subjectTable()}). */
    private final int[] subjectTable;
    /** Each object some {@code Reference} names as its {@code queue}, once, as indexes. */
    private final int[] referenceQueues;
    /** The scheduled tasks that run once (a pool's, a {@code Timer}'s or Netty's): see {@link #runsOnce}. */
    private final ObjectMarks runOnce;
    /** Each JDK lock ({@link #OWNED_LOCKS}) held exclusively, its index plus one, to its owner thread's index. */
    private final IdMap lockOwners;
    /** The thread objects, their index plus one, of the threads in a queue of an exclusive acquire. */
    private final IdMap exclusiveAcquirers;
    /** Start and end of every heap segment: where {@link #threadNames} reads again. */
    private final long[] segments;

    private HeapDump(Reader r) {
        this.idSize = r.idSize;
        this.objects = r.objects;
        this.edgeStarts = r.edgeStarts;
        this.edges = r.edges;
        this.smallClassSlots = r.smallClassSlots;
        this.classSlots = r.classSlots;
        this.classes = r.classes;
        this.classIndex = r.classIndex;
        this.names = r.names;
        this.classNameIds = r.classNames;
        this.rootKinds = r.rootKindArray;
        this.rootObjects = r.rootObjectArray;
        this.rootThreads = r.rootThreadArray;
        this.staticObjects = r.staticObjectArray;
        this.staticOwners = r.staticOwners.toArray();
        this.staticNames = r.staticNames.toArray();
        this.threads = r.threads;
        this.waitTable = r.waitTable;
        this.subjectTable = r.subjectTable;
        this.referenceQueues = r.queues.stream().mapToInt(Integer::intValue).toArray();
        this.runOnce = r.runOnce;
        this.lockOwners = r.lockOwners;
        this.exclusiveAcquirers = r.exclusiveAcquirers;
        this.segments = r.segments.toArray();
    }

    static HeapDump read(DumpBytes bytes, GraphRules rules) {
        return new Reader(bytes, rules).read();
    }

    static HeapDump read(DumpBytes bytes) {
        return read(bytes, GraphRules.none());
    }

    /**
     * The queues the collector may still put a reference on: each one a {@code Reference} of the
     * heap names as its own ({@code queue}: set while the reference is registered, pending or
     * queued, replaced by a sentinel once it is taken), whoever holds that reference, as indexes.
     */
    int[] referenceQueues() {
        return referenceQueues.clone();
    }

    /**
     * Whether the object at {@code index} is a scheduled task that runs once
     * ({@code ScheduledThreadPoolExecutor}'s, {@code Timer}'s or Netty's with period 0, a wheel
     * timer's timeout): what it refers to, it lets
     * go of when it has run, so a path through it is a passing one, not an owner's.
     */
    boolean runsOnce(int index) {
        return runOnce.get(index);
    }

    /**
     * The thread object that holds the JDK lock at {@code lock} exclusively (a {@code ReentrantLock}'s
     * sync, a {@code ReentrantReadWriteLock}'s write-locked one), which only it can release; -1
     * when it is no such lock, is not held so, or its owner is not set yet.
     */
    int exclusiveOwner(int lock) {
        return (int) lockOwners.get(lock + 1L, -1);
    }

    /** Whether the thread of {@code threadObject} is queued to acquire a synchronizer in exclusive mode. */
    boolean acquiresExclusively(int threadObject) {
        return exclusiveAcquirers.contains(threadObject + 1L);
    }

    /**
     * The names of the threads at {@code rows} of {@link #threads}, by row, read again from
     * {@code bytes}, the dump this was read from (see {@link ThreadNames}); a thread whose name is
     * not found is left out. At most two passes over the heap records, none when no row has a name.
     */
    Map<Integer, String> threadNames(DumpBytes bytes, Collection<Integer> rows) {
        Map<Long, Integer> rowOfName = new HashMap<>();
        for (int row : rows) {
            long name = threads.nameId(row);
            if (name != 0) {
                rowOfName.put(name, row);
            }
        }
        ThreadNames.StringLayout layout = stringLayout();
        if (rowOfName.isEmpty() || layout == null) {
            return Map.of();
        }
        ThreadNames names = new ThreadNames(layout, rowOfName.keySet());
        Reader again = new Reader(bytes, GraphRules.none(), idSize);
        for (int pass = 0; pass < 2 && !names.done(); pass++) {
            again.readNames(segments, names);
        }
        Map<Integer, String> byRow = new HashMap<>();
        names.texts().forEach((string, text) -> byRow.put(rowOfName.get(string), text));
        return byRow;
    }

    /** Where {@code java.lang.String} keeps its bytes and coder; null when the dump does not describe it. */
    private ThreadNames.StringLayout stringLayout() {
        for (DumpClass c : classes) {
            if ("java.lang.String".equals(className(c.id))) {
                int value = fieldOffset(c, "value", DumpClass.OBJECT);
                int coder = fieldOffset(c, "coder", DumpClass.BYTE);
                return value < 0 || coder < 0 ? null : new ThreadNames.StringLayout(c.id, value, coder);
            }
        }
        return null;
    }

    /** The offset of {@code c}'s own field {@code field} of HPROF type {@code type} in its instances, or -1. */
    private int fieldOffset(DumpClass c, String field, int type) {
        int offset = 0;
        for (int i = 0; i < c.declaredNames.length; i++) {
            if (c.declaredTypes[i] == type && field.equals(names.get(c.declaredNames[i]))) {
                return offset;
            }
            offset += DumpClass.sizeOf(c.declaredTypes[i], idSize);
        }
        return -1;
    }

    /** How many instances and object arrays the dump holds. */
    int objectCount() {
        return edgeStarts.length;
    }

    int idSize() {
        return idSize;
    }

    /** The index of the instance or object array {@code id}, or -1 (null, a class, a primitive array). */
    int indexOf(long id) {
        return objects.indexOf(id);
    }

    /** The class of an instance, or the array class of an object array; 0 when the dump does not describe it. */
    long classIdAt(int index) {
        int slot = smallClassSlots == null ? classSlots[index]
                : smallClassSlots[index] == SMALL_NO_CLASS ? NO_CLASS : smallClassSlots[index];
        return slot == NO_CLASS ? 0 : classes.get(slot).id;
    }

    /** The class name, dotted ({@code java.lang.Thread}, {@code [Ljava.lang.Object;}), or null. */
    String className(long classId) {
        DumpClass c = dumpClass(classId);
        if (c != null && c.name != null) {
            return c.name;
        }
        String name = names.get(classNameIds.get(classId, 0));
        name = name == null ? null : name.replace('/', '.');
        if (c != null) {
            c.name = name;
        }
        return name;
    }

    /** Whether {@code classId} is {@code className} or a subclass of it. */
    boolean isSubclass(long classId, String className) {
        return isSubclass(classId, className::equals);
    }

    /** Whether the class {@code classId}, or one of its superclasses, has a (dotted) name {@code named} accepts. */
    boolean isSubclass(long classId, Predicate<String> named) {
        for (DumpClass c = dumpClass(classId); c != null; c = dumpClass(c.superId)) {
            String name = className(c.id);
            if (name != null && named.test(name)) {
                return true;
            }
        }
        return false;
    }

    /** Where the edges of the object at {@code index} start ({@link #edgeAt}), or -1 when it has none. */
    int edgeStart(int index) {
        return edgeStarts[index];
    }

    /** An edge: the index of the object referred to, or {@code ~index} for an object's last edge. */
    int edgeAt(int position) {
        return edges.get(position);
    }

    /** Calls {@code sink} with the index of every object the object at {@code index} refers to, as the proof follows them. */
    void references(int index, IntConsumer sink) {
        int e = edgeStarts[index];
        if (e < 0) {
            return;
        }
        for (int target = edges.get(e); ; target = edges.get(++e)) {
            if (target < 0) {
                sink.accept(~target);
                return;
            }
            sink.accept(target);
        }
    }

    /** The index of the object static field {@code field} of class {@code className} holds, or -1. */
    int staticField(String className, String field) {
        for (int i = 0; i < staticOwners.length; i++) {
            if (isStatic(i, className, field)) {
                return staticObjects[i];
            }
        }
        return -1;
    }

    /** Whether the {@code i}th of {@link #staticObjects} is static field {@code field} of class {@code className}. */
    boolean isStatic(int i, String className, String field) {
        return field.equals(names.get(staticNames[i])) && className.equals(className(staticOwners[i]));
    }

    /** The caller's wait table ({@link GraphRules#waitTable()}): its elements as indexes (-1: null), or null. */
    int[] waitTable() {
        return waitTable;
    }

    /** The caller's subject table ({@link GraphRules#subjectTable()}): its elements as indexes (-1: null), or null. */
    int[] subjectTable() {
        return subjectTable;
    }

    /** The class that declares the {@code i}th of {@link #staticObjects}, dotted; and the field's name. */
    String staticFieldName(int i) {
        return className(staticOwners[i]) + "." + names.get(staticNames[i]);
    }

    /** The class id that declares the {@code i}th of {@link #staticObjects}. */
    long staticOwner(int i) {
        return staticOwners[i];
    }

    /** What the graph holds, in bytes, roughly: for the proof's account of its own memory. */
    long graphBytes() {
        return objects.bytes() + 4L * edgeStarts.length + edges.bytes()
                + (smallClassSlots != null ? 2L * smallClassSlots.length : 4L * classSlots.length);
    }

    private DumpClass dumpClass(long classId) {
        long i = classIndex.get(classId, -1);
        return i < 0 ? null : classes.get((int) i);
    }

    /** Every UTF8 record's bytes in one array (a name is looked up rarely, but it must survive the file). */
    private static final class Names {
        private static final int MAX_LENGTH = (1 << 20) - 1;
        private byte[] bytes = new byte[1 << 16];
        private int size;
        private final IdMap where = new IdMap(1 << 14);

        void read(long id, DumpBytes in, long length) {
            int kept = (int) Math.min(length, MAX_LENGTH);
            if (size + kept > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + kept));
            }
            in.bytes(bytes, size, kept);
            where.put(id, ((long) size << 20) | kept);
            size += kept;
        }

        String get(long id) {
            long packed = where.get(id, -1);
            return packed < 0 ? null
                    : new String(bytes, (int) (packed >>> 20), (int) (packed & MAX_LENGTH), StandardCharsets.UTF_8);
        }
    }

    /**
     * What the second pass does with the instances of one class; {@code task}: a thread's
     * {@code target} (JDK 17), or a {@code Thread$FieldHolder}'s {@code task} (JDK 19+).
     */
    private record ClassPlan(int[] edges, boolean thread, int tid, int blocker, int holder, boolean virtual, int state,
                             int[] privates, boolean[] holding, int task, int queue, int period, boolean once,
                             LockPlan lock, int exclusiveWaiter, int name) {
    }

    /**
     * Where a JDK lock's sync ({@link #OWNED_LOCKS}) keeps its owner and state, and which bits of
     * the state count its exclusive hold; {@link #NONE} for any other class.
     */
    private record LockPlan(int owner, int state, int heldMask) {

        static final LockPlan NONE = new LockPlan(-1, -1, 0);

        boolean isLock() {
            return owner >= 0 && state >= 0 && heldMask != 0;
        }
    }

    /** The two passes over the file. */
    private static final class Reader {
        private static final int RECENT_CLASSES = 256;
        private final DumpBytes in;
        private final GraphRules rules;
        private int idSize;
        // first pass
        private final Names names = new Names();
        private final IdMap classNames = new IdMap(4096);
        private final IdMap classIndex = new IdMap(4096);
        private final List<DumpClass> classes = new ArrayList<>();
        private final LongList rootKinds = new LongList(1024);
        private final LongList rootIds = new LongList(1024);
        private final LongList rootThreads = new LongList(1024);
        private final LongList statics = new LongList(4096);
        private final LongList staticOwners = new LongList(4096);
        private final LongList staticNames = new LongList(4096);
        /** Start and end of every heap segment, for the second pass. */
        private final LongList segments = new LongList(64);
        private ObjectIndex.Builder ids = new ObjectIndex.Builder();
        // second pass
        private ObjectIndex objects;
        private int[] edgeStarts;
        private final IntChunks edges = new IntChunks();
        private char[] smallClassSlots;
        private int[] classSlots;
        private ClassPlan[] plans;
        private final ThreadObjects threads = new ThreadObjects();
        private long waitTableId;
        private int[] waitTable;
        private long subjectTableId;
        private int[] subjectTable;
        private ObjectMarks queued;
        private ObjectMarks runOnce;
        private final IdMap lockOwners = new IdMap(64);
        private final IdMap exclusiveAcquirers = new IdMap(64);
        /** Distinct, so few: a heap's references share a handful of queues. */
        private final List<Integer> queues = new ArrayList<>();
        /** How many instances and object arrays the second pass has met: their index, when the ids ascend. */
        private int met;
        /** The last classes looked up, by a few bits of their id: a heap's objects come in a few classes at a time. */
        private final long[] recentClassIds = new long[RECENT_CLASSES];
        private final int[] recentSlots = new int[RECENT_CLASSES];
        {
            Arrays.fill(recentSlots, NO_CLASS); // class id 0, in none of the slots yet, is no class
        }
        // results
        private byte[] rootKindArray;
        private int[] rootObjectArray;
        private int[] rootThreadArray;
        private int[] staticObjectArray;

        Reader(DumpBytes in, GraphRules rules) {
            this.in = in;
            this.rules = rules;
        }

        /** A reader of a dump already read once, with ids of {@code idSize} bytes: for {@link #readNames}. */
        Reader(DumpBytes in, GraphRules rules, int idSize) {
            this(in, rules);
            this.idSize = idSize;
        }

        /**
         * A pass over the heap records of {@code segments} (start, end, ...) for what {@code names}
         * asks: its {@code String}s, and the bytes of those it has met.
         */
        void readNames(long[] segments, ThreadNames names) {
            for (int i = 0; i < segments.length; i += 2) {
                in.seek(segments[i]);
                while (in.position() < segments[i + 1]) {
                    in.require(1);
                    int tag = in.u1At(in.offset());
                    switch (tag) {
                        case INSTANCE_DUMP -> nameString(names);
                        case OBJECT_ARRAY_DUMP -> skipObjectArray();
                        case PRIMITIVE_ARRAY_DUMP -> nameBytes(names);
                        case CLASS_DUMP -> classDump(false);
                        default -> in.skip(rootLength(tag));
                    }
                }
            }
        }

        private void nameString(ThreadNames names) {
            int head = 1 + idSize + 4 + idSize + 4;
            in.require(head);
            int o = in.offset();
            long id = in.idAt(o + 1, idSize);
            long classId = in.idAt(o + 1 + idSize + 4, idSize);
            long length = in.u4At(o + head - 4);
            ThreadNames.StringLayout layout = names.layout();
            if (names.wants(id, classId) && layout.value() + idSize <= length && layout.coder() < length) {
                in.require(head + (int) length);
                int data = in.offset() + head;
                names.string(id, in.idAt(data + layout.value(), idSize), in.u1At(data + layout.coder()));
            }
            in.skip(head + length);
        }

        private void nameBytes(ThreadNames names) {
            int head = 1 + idSize + 4 + 4 + 1;
            in.require(head);
            int o = in.offset();
            long id = in.idAt(o + 1, idSize);
            long count = in.u4At(o + 1 + idSize + 4);
            int type = in.u1At(o + 1 + idSize + 8);
            if (type != DumpClass.BYTE || !names.wantsArray(id) || count > DumpBytes.BUFFER) {
                in.skip(head + count * DumpClass.sizeOf(type, idSize));
                return;
            }
            in.skip(head);
            byte[] bytes = new byte[(int) count];
            in.bytes(bytes, 0, bytes.length);
            names.array(id, bytes);
        }

        private void skipObjectArray() {
            int head = 1 + idSize + 4 + 4 + idSize;
            in.require(head);
            in.skip(head + in.u4At(in.offset() + 1 + idSize + 4) * idSize);
        }

        HeapDump read() {
            long pos = header();
            while (pos < in.size()) {
                in.seek(pos);
                in.require(9);
                int o = in.offset();
                int tag = in.u1At(o);
                long length = in.u4At(o + 5);
                long body = pos + 9;
                in.skip(9);
                switch (tag) {
                    case UTF8 -> {
                        in.require(idSize);
                        long id = in.idAt(in.offset(), idSize);
                        in.skip(idSize);
                        names.read(id, in, length - idSize);
                    }
                    case LOAD_CLASS -> {
                        in.require(4 + idSize + 4 + idSize);
                        o = in.offset();
                        classNames.put(in.idAt(o + 4, idSize), in.idAt(o + 4 + idSize + 4, idSize));
                    }
                    case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                        segments.add(body);
                        segments.add(body + length);
                        indexHeap(body, body + length);
                    }
                    default -> {
                        // stack frames and traces, allocation sites, CPU samples: not needed
                    }
                }
                pos = body + length;
            }
            objects = ids.build();
            ids = null; // the ids' chunks go before the graph is built
            secondPass();
            resolveRootsAndStatics();
            return new HeapDump(this);
        }

        private long header() {
            if (in.size() >= 2) {
                in.require(2);
                if (in.u1At(0) == 0x1f && in.u1At(1) == 0x8b) {
                    throw new IllegalStateException("the heap dump is gzip-compressed: decompress it first");
                }
            }
            int available = (int) Math.min(in.size(), 64);
            in.require(available);
            StringBuilder magic = new StringBuilder();
            int pos = 0;
            while (pos < available && in.u1At(pos) != 0) {
                magic.append((char) in.u1At(pos++));
            }
            if (!magic.toString().startsWith("JAVA PROFILE 1.0.") || pos + 1 + 4 + 8 > in.size()) {
                throw new IllegalStateException("not an HPROF heap dump (header \"" + magic + "\")");
            }
            in.require(pos + 1 + 4);
            idSize = in.i4At(pos + 1);
            if (idSize != 4 && idSize != 8) {
                throw new IllegalStateException("unsupported HPROF identifier size " + idSize);
            }
            return pos + 1 + 4 + 8;
        }

        private void secondPass() {
            int n = objects.count();
            edgeStarts = new int[n];
            Arrays.fill(edgeStarts, -1);
            if (classes.size() < SMALL_NO_CLASS) {
                smallClassSlots = new char[n];
                Arrays.fill(smallClassSlots, SMALL_NO_CLASS);
            } else {
                classSlots = new int[n];
                Arrays.fill(classSlots, NO_CLASS);
            }
            plans = new ClassPlan[classes.size()];
            queued = new ObjectMarks(n);
            runOnce = new ObjectMarks(n);
            waitTableId = tableId(rules.waitTable());
            subjectTableId = tableId(rules.subjectTable());
            for (int i = 0; i < segments.size(); i += 2) {
                graphHeap(segments.get(i), segments.get(i + 1));
            }
        }

        /** The id a table's static field holds, or 0. */
        private long tableId(ProofInput.StaticField table) {
            if (table == null) {
                return 0;
            }
            for (int i = 0; i < statics.size(); i++) {
                if (table.field().equals(names.get(staticNames.get(i)))
                        && table.className().equals(className(staticOwners.get(i)))) {
                    return statics.get(i);
                }
            }
            return 0;
        }

        private void resolveRootsAndStatics() {
            int roots = rootIds.size();
            rootKindArray = new byte[roots];
            rootObjectArray = new int[roots];
            rootThreadArray = new int[roots];
            for (int i = 0; i < roots; i++) {
                rootKindArray[i] = (byte) rootKinds.get(i);
                rootObjectArray[i] = objects.indexOf(rootIds.get(i));
                rootThreadArray[i] = (int) rootThreads.get(i);
            }
            staticObjectArray = new int[statics.size()];
            for (int i = 0; i < staticObjectArray.length; i++) {
                staticObjectArray[i] = objects.indexOf(statics.get(i));
            }
        }

        /*
         * The two passes over the heap records have a method each, and share none that behaves
         * differently in each: the JIT compiles each once, for what its pass meets, and does not
         * throw the first pass's code away when the second starts (a shared method with a flag was
         * compiled, deoptimized and compiled again several times per run: over 600 ms of compiler
         * time on a 100 MB heap, while the reader ran code not yet optimized).
         */

        /** The first pass over the heap records from {@code pos} to {@code end}: classes, roots, statics and ids. */
        private void indexHeap(long pos, long end) {
            in.seek(pos);
            while (in.position() < end) {
                in.require(1);
                int tag = in.u1At(in.offset());
                switch (tag) {
                    case INSTANCE_DUMP -> indexInstance();
                    case OBJECT_ARRAY_DUMP -> indexObjectArray();
                    case PRIMITIVE_ARRAY_DUMP -> skipPrimitiveArray();
                    case CLASS_DUMP -> classDump(true);
                    default -> {
                        int length = rootLength(tag);
                        in.require(length);
                        int o = in.offset();
                        rootKinds.add(tag);
                        rootIds.add(in.idAt(o + 1, idSize));
                        rootThreads.add(ofAThread(tag) ? in.i4At(o + 1 + idSize) : NO_THREAD);
                        in.skip(length);
                    }
                }
            }
        }

        /** The second pass over the heap records from {@code pos} to {@code end}: the graph. */
        private void graphHeap(long pos, long end) {
            in.seek(pos);
            while (in.position() < end) {
                in.require(1);
                int tag = in.u1At(in.offset());
                switch (tag) {
                    case INSTANCE_DUMP -> graphInstance();
                    case OBJECT_ARRAY_DUMP -> graphObjectArray();
                    case PRIMITIVE_ARRAY_DUMP -> skipPrimitiveArray();
                    case CLASS_DUMP -> classDump(false);
                    default -> in.skip(rootLength(tag));
                }
            }
        }

        /** The length of a GC root record; a root of a thread has its serial right after the object's id. */
        private int rootLength(int tag) {
            return switch (tag) {
                case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> 1 + idSize;
                case ROOT_JNI_GLOBAL -> 1 + 2 * idSize;
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> 1 + idSize + 8;
                case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> 1 + idSize + 4;
                default -> throw new IllegalStateException(
                        "unknown heap dump record 0x" + Integer.toHexString(tag) + " at " + in.position());
            };
        }

        /**
         * Whether a GC root record names its thread's serial after the object's id. Told by its kind,
         * not its length: a JNI global's second id makes it as long as a thread's root.
         */
        private static boolean ofAThread(int tag) {
            return switch (tag) {
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT, ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> true;
                default -> false;
            };
        }

        private void skipPrimitiveArray() {
            in.require(1 + idSize + 4 + 4 + 1);
            int o = in.offset();
            long count = in.u4At(o + 1 + idSize + 4);
            int type = in.u1At(o + 1 + idSize + 8);
            in.skip(1 + idSize + 4 + 4 + 1 + count * DumpClass.sizeOf(type, idSize));
        }

        /** A class dump: read in the first pass ({@code keep}), skipped in the second. */
        private void classDump(boolean keep) {
            // tag, id, stack serial, super, loader, signers, domain, 2 reserved, instance size
            int head = 1 + idSize + 4 + 6 * idSize + 4;
            in.require(head + 2);
            int o = in.offset();
            long id = in.idAt(o + 1, idSize);
            long superId = in.idAt(o + 1 + idSize + 4, idSize);
            int constants = in.u2At(o + head);
            in.skip(head + 2);
            for (int i = 0; i < constants; i++) {
                in.require(3);
                in.skip(3 + DumpClass.sizeOf(in.u1At(in.offset() + 2), idSize));
            }
            in.require(2);
            int staticCount = in.u2At(in.offset());
            in.skip(2);
            for (int i = 0; i < staticCount; i++) {
                in.require(idSize + 1);
                int type = in.u1At(in.offset() + idSize);
                int size = idSize + 1 + DumpClass.sizeOf(type, idSize);
                in.require(size);
                o = in.offset();
                if (keep && type == DumpClass.OBJECT) {
                    long value = in.idAt(o + idSize + 1, idSize);
                    if (value != 0) {
                        statics.add(value);
                        staticOwners.add(id);
                        staticNames.add(in.idAt(o, idSize));
                    }
                }
                in.skip(size);
            }
            in.require(2);
            int fieldCount = in.u2At(in.offset());
            in.skip(2);
            in.require(fieldCount * (idSize + 1));
            o = in.offset();
            if (keep) {
                long[] fieldNames = new long[fieldCount];
                byte[] types = new byte[fieldCount];
                for (int i = 0; i < fieldCount; i++) {
                    fieldNames[i] = in.idAt(o + i * (idSize + 1), idSize);
                    types[i] = (byte) in.u1At(o + i * (idSize + 1) + idSize);
                }
                classIndex.put(id, classes.size());
                classes.add(new DumpClass(id, superId, fieldNames, types));
            }
            in.skip(fieldCount * (idSize + 1));
        }

        private void indexInstance() {
            int head = 1 + idSize + 4 + idSize + 4;
            in.require(head);
            int o = in.offset();
            ids.add(in.idAt(o + 1, idSize));
            in.skip(head + in.u4At(o + head - 4));
        }

        private void graphInstance() {
            int head = 1 + idSize + 4 + idSize + 4;
            in.require(head);
            int o = in.offset();
            long id = in.idAt(o + 1, idSize);
            long length = in.u4At(o + head - 4);
            long classId = in.idAt(o + 1 + idSize + 4, idSize);
            int index = indexOfNext(id);
            if (index >= 0 && head + length <= DumpBytes.BUFFER) {
                in.require(head + (int) length);
                int slot = slotOf(classId);
                setClass(index, slot);
                if (slot != NO_CLASS) {
                    instanceFields(index, planOf(slot), in.offset() + head, (int) length);
                }
            }
            in.skip(head + length);
        }

        private void instanceFields(int index, ClassPlan plan, int data, int length) {
            int first = edges.size();
            for (int offset : plan.edges) {
                if (offset + idSize <= length) {
                    edge(in.idAt(data + offset, idSize));
                }
            }
            endEdges(index, first);
            if (plan.once || plan.period >= 0 && plan.period + 8 <= length && in.i8At(data + plan.period) == 0) {
                runOnce.set(index);
            }
            if (plan.queue >= 0 && plan.queue + idSize <= length) {
                int queue = reference(data, plan.queue);
                if (queue >= 0 && queued.set(queue)) {
                    queues.add(queue);
                }
            }
            if (plan.lock.isLock()) {
                lockInstance(index, plan.lock, data, length);
            }
            if (plan.exclusiveWaiter >= 0 && plan.exclusiveWaiter + idSize <= length) {
                int waiter = reference(data, plan.exclusiveWaiter);
                if (waiter >= 0) {
                    exclusiveAcquirers.put(waiter + 1L, 1);
                }
            }
            if (plan.thread) {
                long tid = plan.tid >= 0 ? in.i8At(data + plan.tid) : -1;
                int state = !plan.virtual ? ThreadObjects.NOT_VIRTUAL
                        : plan.state >= 0 ? in.i4At(data + plan.state) : ThreadObjects.NO_STATE;
                long nameId = plan.name >= 0 && plan.name + idSize <= length ? in.idAt(data + plan.name, idSize) : 0;
                threads.start(index, tid, nameId, reference(data, plan.blocker), state, reference(data, plan.holder),
                        reference(data, plan.task));
                for (int i = 0; i < plan.privates.length; i++) {
                    threads.add(reference(data, plan.privates[i]), plan.holding[i]);
                }
            } else if (plan.task >= 0) {
                threads.holderTask(index, reference(data, plan.task));
            }
        }

        /** A JDK lock's sync: its owner, kept while its state says it is held exclusively. */
        private void lockInstance(int index, LockPlan lock, int data, int length) {
            if (lock.owner() + idSize > length || lock.state() + 4 > length) {
                return;
            }
            int owner = reference(data, lock.owner());
            if (owner >= 0 && (in.i4At(data + lock.state()) & lock.heldMask()) != 0) {
                lockOwners.put(index + 1L, owner);
            }
        }

        private int reference(int data, int offset) {
            return offset < 0 ? -1 : objects.indexOf(in.idAt(data + offset, idSize));
        }

        private void edge(long id) {
            if (id != 0) {
                int target = objects.indexOf(id);
                if (target >= 0) {
                    edges.add(target);
                }
            }
        }

        /** The object's edges end here: mark its last, or say it has none. */
        private void endEdges(int index, int first) {
            int last = edges.size() - 1;
            if (last >= first) {
                edges.set(last, ~edges.get(last));
                edgeStarts[index] = first;
            }
        }

        private void indexObjectArray() {
            int head = 1 + idSize + 4 + 4 + idSize;
            in.require(head);
            int o = in.offset();
            ids.add(in.idAt(o + 1, idSize));
            in.skip(head + in.u4At(o + 1 + idSize + 4) * idSize);
        }

        private void graphObjectArray() {
            int head = 1 + idSize + 4 + 4 + idSize;
            in.require(head);
            int o = in.offset();
            long id = in.idAt(o + 1, idSize);
            long count = in.u4At(o + 1 + idSize + 4);
            long classId = in.idAt(o + 1 + idSize + 8, idSize);
            in.skip(head);
            int index = indexOfNext(id);
            if (index >= 0) {
                setClass(index, slotOf(classId));
            }
            int[] table = null;
            if (index >= 0 && id == waitTableId) {
                table = waitTable = new int[(int) count];
            } else if (index >= 0 && id == subjectTableId) {
                table = subjectTable = new int[(int) count];
            }
            int first = edges.size();
            long done = 0;
            while (done < count) {
                int n = (int) Math.min(count - done, DumpBytes.BUFFER / idSize);
                in.require(n * idSize);
                o = in.offset();
                for (int i = 0; i < n; i++) {
                    long element = in.idAt(o + i * idSize, idSize);
                    if (index >= 0) {
                        edge(element);
                    }
                    if (table != null) {
                        table[(int) done + i] = objects.indexOf(element);
                    }
                }
                in.skip((long) n * idSize);
                done += n;
            }
            if (index >= 0) {
                endEdges(index, first);
            }
        }

        /** The index of the next instance or object array of the second pass, {@code id}. */
        private int indexOfNext(long id) {
            return objects.ascending() ? met++ : objects.indexOf(id);
        }

        private int slotOf(long classId) {
            int recent = (int) (classId ^ (classId >>> 12)) >>> 3 & (RECENT_CLASSES - 1);
            if (recentClassIds[recent] != classId) {
                recentClassIds[recent] = classId;
                recentSlots[recent] = (int) classIndex.get(classId, NO_CLASS);
            }
            return recentSlots[recent];
        }

        private void setClass(int index, int slot) {
            if (smallClassSlots != null) {
                smallClassSlots[index] = slot == NO_CLASS ? SMALL_NO_CLASS : (char) slot;
            } else {
                classSlots[index] = slot;
            }
        }

        private ClassPlan planOf(int slot) {
            ClassPlan plan = plans[slot];
            if (plan == null) {
                plan = plan(classes.get(slot));
                plans[slot] = plan;
            }
            return plan;
        }

        /** Lays the class's instances out (its own fields first, then its superclass's) and decides what to keep. */
        private ClassPlan plan(DumpClass c) {
            String name = className(c.id);
            boolean bookkeeping = name == null || rules.isBookkeeping(name);
            boolean thread = isSubclass(c, "java.lang.Thread");
            List<Integer> edgeOffsets = new ArrayList<>();
            List<Integer> privates = new ArrayList<>();
            List<Boolean> holding = new ArrayList<>();
            int tid = -1;
            int blocker = -1;
            int holder = -1;
            int state = -1;
            int task = -1;
            int queue = -1;
            int period = -1;
            int lockOwner = -1;
            int lockState = -1;
            int heldMask = heldMask(c);
            int exclusiveWaiter = -1;
            int threadName = -1;
            boolean exclusiveNode = name != null && EXCLUSIVE_NODES.contains(name);
            int offset = 0;
            for (DumpClass k = c; k != null; k = dumpClass(k.superId)) {
                String owner = className(k.id);
                for (int i = 0; i < k.declaredNames.length; i++) {
                    int type = k.declaredTypes[i];
                    String field = owner + "." + names.get(k.declaredNames[i]);
                    if (type == DumpClass.OBJECT) {
                        if (!bookkeeping && GraphRules.follows(field) && !(heldMask != 0 && field.equals(OWNER_FIELD))) {
                            edgeOffsets.add(offset);
                        }
                        if (thread && GraphRules.PRIVATE_TO_THE_THREAD.contains(field)) {
                            privates.add(offset);
                            holding.add(!GraphRules.NOT_HOLDING.contains(field));
                        }
                        switch (field) {
                            case "java.lang.Thread.parkBlocker" -> blocker = offset;
                            case "java.lang.Thread.holder" -> holder = offset;
                            case "java.lang.Thread$FieldHolder.task", "java.lang.Thread.target" -> task = offset;
                            case "java.lang.ref.Reference.queue" -> queue = offset;
                            case OWNER_FIELD -> lockOwner = offset;
                            case "java.lang.Thread.name" -> threadName = offset;
                            case "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node.waiter",
                                 "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$Node.waiter" ->
                                    exclusiveWaiter = exclusiveNode ? offset : -1;
                            default -> {
                            }
                        }
                    } else if (type == DumpClass.LONG && field.equals("java.lang.Thread.tid")) {
                        tid = offset;
                    } else if (type == DumpClass.LONG && SCHEDULED_PERIODS.stream().anyMatch(field::endsWith)) {
                        period = offset;
                    } else if (type == DumpClass.INT && field.equals("java.lang.VirtualThread.state")) {
                        state = offset;
                    } else if (type == DumpClass.INT && field.equals("java.util.concurrent.locks.AbstractQueuedSynchronizer.state")) {
                        lockState = offset;
                    } else if (type == DumpClass.LONG
                            && field.equals("java.util.concurrent.locks.AbstractQueuedLongSynchronizer.state")) {
                        // JDK 25's ReentrantReadWriteLock: a long state, its exclusive count the low half,
                        // which the file (big-endian) keeps in its last four bytes
                        lockState = offset + 4;
                        heldMask = heldMask == 0 ? 0 : -1;
                    }
                    offset += DumpClass.sizeOf(type, idSize);
                }
            }
            boolean[] holds = new boolean[holding.size()];
            for (int i = 0; i < holds.length; i++) {
                holds[i] = holding.get(i);
            }
            return new ClassPlan(edgeOffsets.stream().mapToInt(Integer::intValue).toArray(), thread, tid, blocker,
                    holder, thread && isSubclass(c, "java.lang.VirtualThread"), state,
                    privates.stream().mapToInt(Integer::intValue).toArray(), holds, task, queue, period,
                    name != null && ONE_SHOT_TASKS.stream().anyMatch(name::endsWith),
                    heldMask == 0 ? LockPlan.NONE : new LockPlan(lockOwner, lockState, heldMask), exclusiveWaiter,
                    threadName);
        }

        /** The bits of the state that count an exclusive hold, if {@code c} is one of {@link #OWNED_LOCKS}; else 0. */
        private int heldMask(DumpClass c) {
            for (Map.Entry<String, Integer> lock : OWNED_LOCKS.entrySet()) {
                if (isSubclass(c, lock.getKey())) {
                    return lock.getValue();
                }
            }
            return 0;
        }

        private boolean isSubclass(DumpClass c, String className) {
            for (DumpClass k = c; k != null; k = dumpClass(k.superId)) {
                if (className.equals(className(k.id))) {
                    return true;
                }
            }
            return false;
        }

        private DumpClass dumpClass(long classId) {
            long i = classIndex.get(classId, -1);
            return i < 0 ? null : classes.get((int) i);
        }

        private String className(long classId) {
            String name = names.get(classNames.get(classId, 0));
            return name == null ? null : name.replace('/', '.');
        }
    }
}
