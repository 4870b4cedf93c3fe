package dev.threadleak.heapproof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A focused HPROF reader: only what the heap proof needs. One sequential pass indexes the
 * objects that can hold references (instances and object arrays: id and file position, two
 * longs each, sorted by id), the class layouts, the static reference fields, and the GC roots
 * with the thread each belongs to. Primitive arrays, stack traces and frames are skipped.
 * Fields are then read straight from the mapped file when the proof visits an object: there is
 * never a Java object per heap object.
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

    /** A root not tied to any thread. */
    static final int NO_THREAD = -1;

    final DumpBytes bytes;
    final int idSize;
    /** Ids of instances and object arrays, ascending; {@link #objectPositions} parallel. */
    private final long[] objectIds;
    private final long[] objectPositions;
    /**
     * Where each address range starts in {@link #objectIds}: ids are addresses, so a lookup is a
     * short search inside one range rather than a binary search over the whole heap, which
     * misses the cache at every step (it made marking three times slower).
     */
    private final int[] rangeStarts;
    private final int rangeShift;
    private final IdMap classIndex;
    private final List<DumpClass> classes;
    private final IdMap stringPositions;
    private final IdMap classNameIds;
    final byte[] rootKinds;
    final long[] rootIds;
    final int[] rootThreads;
    /** Every non-null static reference field: its value, declaring class and name id. */
    final long[] staticReferences;
    private final long[] staticOwners;
    private final long[] staticNames;

    private HeapDump(DumpBytes bytes, int idSize, long[] objectIds, long[] objectPositions, IdMap classIndex,
                     List<DumpClass> classes, IdMap stringPositions, IdMap classNameIds, byte[] rootKinds,
                     long[] rootIds, int[] rootThreads, long[] staticReferences, long[] staticOwners, long[] staticNames) {
        this.bytes = bytes;
        this.idSize = idSize;
        this.objectIds = objectIds;
        this.objectPositions = objectPositions;
        int shift = 0;
        long span = objectIds.length == 0 ? 0 : objectIds[objectIds.length - 1] - objectIds[0];
        while ((span >>> shift) > Math.max(16, objectIds.length / 2)) {
            shift++;
        }
        this.rangeShift = shift;
        this.rangeStarts = new int[(int) (span >>> shift) + 2];
        int range = 0;
        for (int i = 0; i < objectIds.length; i++) {
            int r = (int) ((objectIds[i] - objectIds[0]) >>> shift);
            while (range <= r) {
                rangeStarts[range++] = i;
            }
        }
        while (range < rangeStarts.length) {
            rangeStarts[range++] = objectIds.length;
        }
        this.classIndex = classIndex;
        this.classes = classes;
        this.stringPositions = stringPositions;
        this.classNameIds = classNameIds;
        this.rootKinds = rootKinds;
        this.rootIds = rootIds;
        this.rootThreads = rootThreads;
        this.staticReferences = staticReferences;
        this.staticOwners = staticOwners;
        this.staticNames = staticNames;
    }

    static HeapDump read(Path file) throws IOException {
        return read(DumpBytes.map(file));
    }

    static HeapDump read(DumpBytes bytes) {
        return new Indexer(bytes).index();
    }

    /** How many instances and object arrays the dump holds. */
    int objectCount() {
        return objectIds.length;
    }

    int idSize() {
        return idSize;
    }

    /** The index of the instance or object array {@code id}, or -1 (null, a class, a primitive array). */
    int indexOf(long id) {
        if (id == 0 || objectIds.length == 0 || id < objectIds[0] || id > objectIds[objectIds.length - 1]) {
            return -1;
        }
        int range = (int) ((id - objectIds[0]) >>> rangeShift);
        int i = Arrays.binarySearch(objectIds, rangeStarts[range], rangeStarts[range + 1], id);
        return i < 0 ? -1 : i;
    }

    long idAt(int index) {
        return objectIds[index];
    }

    boolean isInstance(int index) {
        return bytes.u1(objectPositions[index]) == INSTANCE_DUMP;
    }

    /** The class of an instance, or the array class of an object array. */
    long classIdAt(int index) {
        long pos = objectPositions[index];
        int tag = bytes.u1(pos);
        return tag == INSTANCE_DUMP ? bytes.id(pos + 1 + idSize + 4, idSize)
                : bytes.id(pos + 1 + idSize + 4 + 4, idSize);
    }

    /** The class name, dotted ({@code java.lang.Thread}, {@code [Ljava.lang.Object;}), or null. */
    String className(long classId) {
        DumpClass c = dumpClass(classId);
        if (c != null && c.name != null) {
            return c.name;
        }
        String name = string(classNameIds.get(classId, 0));
        name = name == null ? null : name.replace('/', '.');
        if (c != null) {
            c.name = name;
        }
        return name;
    }

    /** Whether {@code classId} is {@code className} or a subclass of it. */
    boolean isSubclass(long classId, String className) {
        for (DumpClass c = dumpClass(classId); c != null; c = dumpClass(c.superId)) {
            if (className.equals(className(c.id))) {
                return true;
            }
        }
        return false;
    }

    /** Calls {@code sink} with every non-null reference the object at {@code index} holds. */
    void references(int index, ReferenceSink sink) {
        long pos = objectPositions[index];
        if (bytes.u1(pos) == INSTANCE_DUMP) {
            DumpClass c = laidOut(bytes.id(pos + 1 + idSize + 4, idSize));
            if (c == null) {
                return;
            }
            long data = pos + 1 + idSize + 4 + idSize + 4;
            for (int offset : c.referenceOffsets) {
                long ref = bytes.id(data + offset, idSize);
                if (ref != 0) {
                    sink.reference(ref);
                }
            }
        } else {
            long count = bytes.u4(pos + 1 + idSize + 4);
            long data = pos + 1 + idSize + 4 + 4 + idSize;
            for (long i = 0; i < count; i++) {
                long ref = bytes.id(data + i * idSize, idSize);
                if (ref != 0) {
                    sink.reference(ref);
                }
            }
        }
    }

    /** Every element of the object array at {@code index}, nulls (0) included, in order. */
    void elements(int index, ReferenceSink sink) {
        long pos = objectPositions[index];
        long count = bytes.u4(pos + 1 + idSize + 4);
        long data = pos + 1 + idSize + 4 + 4 + idSize;
        for (long i = 0; i < count; i++) {
            sink.reference(bytes.id(data + i * idSize, idSize));
        }
    }

    /** The references an instance holds at the given byte offsets of its field data. */
    void references(int index, int[] offsets, ReferenceSink sink) {
        long data = objectPositions[index] + 1 + idSize + 4 + idSize + 4;
        for (int offset : offsets) {
            long ref = bytes.id(data + offset, idSize);
            if (ref != 0) {
                sink.reference(ref);
            }
        }
    }

    /** The same, leaving out the named fields of an instance ({@code owner.field} pairs). */
    void referencesExcept(int index, List<String> ownerDotFields, ReferenceSink sink) {
        long pos = objectPositions[index];
        if (bytes.u1(pos) != INSTANCE_DUMP) {
            references(index, sink);
            return;
        }
        DumpClass c = laidOut(bytes.id(pos + 1 + idSize + 4, idSize));
        if (c == null) {
            return;
        }
        long data = pos + 1 + idSize + 4 + idSize + 4;
        for (int i = 0; i < c.fieldNames.length; i++) {
            if (c.fieldTypes[i] == DumpClass.OBJECT && !ownerDotFields.contains(c.fieldOwners[i] + "." + c.fieldNames[i])) {
                long ref = bytes.id(data + c.fieldOffsets[i], idSize);
                if (ref != 0) {
                    sink.reference(ref);
                }
            }
        }
    }

    /** A reference field of the instance at {@code index}; 0 when null or when there is no such field. */
    long referenceField(int index, String owner, String field) {
        long data = fieldPosition(index, owner, field, DumpClass.OBJECT);
        return data < 0 ? 0 : bytes.id(data, idSize);
    }

    /** A long field of the instance at {@code index}, or {@code absent}. */
    long longField(int index, String owner, String field, long absent) {
        long data = fieldPosition(index, owner, field, 11);
        return data < 0 ? absent : bytes.i8(data);
    }

    /** An int field of the instance at {@code index}, or {@code absent}. */
    int intField(int index, String owner, String field, int absent) {
        long data = fieldPosition(index, owner, field, 10);
        return data < 0 ? absent : bytes.i4(data);
    }

    /** The reference held by static field {@code field} of class {@code className}, or 0. */
    long staticField(String className, String field) {
        for (int i = 0; i < staticOwners.length; i++) {
            if (className.equals(className(staticOwners[i])) && field.equals(string(staticNames[i]))) {
                return staticReferences[i];
            }
        }
        return 0;
    }

    /** Whether the {@code i}th of {@link #staticReferences} is static field {@code field} of class {@code className}. */
    boolean isStatic(int i, String className, String field) {
        return field.equals(string(staticNames[i])) && className.equals(className(staticOwners[i]));
    }

    /** The class's instance layout; null when the dump has no class dump for it. */
    DumpClass layout(long classId) {
        return laidOut(classId);
    }

    private long fieldPosition(int index, String owner, String field, int type) {
        if (index < 0 || !isInstance(index)) {
            return -1;
        }
        long pos = objectPositions[index];
        DumpClass c = laidOut(bytes.id(pos + 1 + idSize + 4, idSize));
        if (c == null) {
            return -1;
        }
        int offset = c.offsetOf(owner, field);
        if (offset < 0 || c.typeOf(owner, field) != type) {
            return -1;
        }
        return pos + 1 + idSize + 4 + idSize + 4 + offset;
    }

    private DumpClass dumpClass(long classId) {
        long i = classIndex.get(classId, -1);
        return i < 0 ? null : classes.get((int) i);
    }

    /** The class with its full instance layout, or null when the dump lacks its class dump. */
    private DumpClass laidOut(long classId) {
        DumpClass c = dumpClass(classId);
        if (c == null || c.laidOut()) {
            return c;
        }
        List<String> names = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Byte> types = new ArrayList<>();
        for (DumpClass k = c; k != null; k = dumpClass(k.superId)) {
            String owner = className(k.id);
            for (int i = 0; i < k.declaredNames.length; i++) {
                String name = string(k.declaredNames[i]);
                names.add(name == null ? "?" : name);
                owners.add(owner);
                types.add(k.declaredTypes[i]);
            }
        }
        int n = names.size();
        c.fieldTypes = new byte[n];
        c.fieldOffsets = new int[n];
        int[] refs = new int[n];
        int refCount = 0;
        int offset = 0;
        for (int i = 0; i < n; i++) {
            c.fieldTypes[i] = types.get(i);
            c.fieldOffsets[i] = offset;
            if (c.fieldTypes[i] == DumpClass.OBJECT) {
                refs[refCount++] = offset;
            }
            offset += DumpClass.sizeOf(c.fieldTypes[i], idSize);
        }
        c.referenceOffsets = Arrays.copyOf(refs, refCount);
        c.fieldOwners = owners.toArray(new String[0]);
        c.fieldNames = names.toArray(new String[0]); // last: marks the class laid out
        return c;
    }

    private String string(long id) {
        long packed = stringPositions.get(id, -1);
        if (packed < 0) {
            return null;
        }
        long pos = packed >>> 16;
        int length = (int) (packed & 0xffff);
        byte[] utf8 = new byte[length];
        for (int i = 0; i < length; i++) {
            utf8[i] = (byte) bytes.u1(pos + i);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Receives the references of one object. */
    interface ReferenceSink {
        void reference(long id);
    }

    /** The one pass over the file. */
    private static final class Indexer {
        private final DumpBytes bytes;
        private int idSize;
        private final LongList ids = new LongList(1 << 16);
        private final LongList positions = new LongList(1 << 16);
        private final IdMap classIndex = new IdMap(4096);
        private final List<DumpClass> classes = new ArrayList<>();
        private final IdMap strings = new IdMap(1 << 16);
        private final IdMap classNames = new IdMap(4096);
        private final LongList rootKindList = new LongList(1024);
        private final LongList rootIdList = new LongList(1024);
        private final LongList rootThreadList = new LongList(1024);
        private final LongList statics = new LongList(4096);
        private final LongList staticOwners = new LongList(4096);
        private final LongList staticNames = new LongList(4096);

        Indexer(DumpBytes bytes) {
            this.bytes = bytes;
        }

        HeapDump index() {
            long pos = header();
            while (pos < bytes.size()) {
                int tag = bytes.u1(pos);
                long length = bytes.u4(pos + 5);
                long body = pos + 9;
                switch (tag) {
                    case UTF8 -> strings.put(bytes.id(body, idSize),
                            ((body + idSize) << 16) | Math.min(length - idSize, 0xffff));
                    case LOAD_CLASS -> classNames.put(bytes.id(body + 4, idSize), bytes.id(body + 4 + idSize + 4, idSize));
                    case HEAP_DUMP, HEAP_DUMP_SEGMENT -> heap(body, body + length);
                    default -> {
                        // stack frames and traces, allocation sites, CPU samples: not needed
                    }
                }
                pos = body + length;
            }
            long[] idArray = ids.toArray();
            long[] positionArray = positions.toArray();
            sortById(idArray, positionArray);
            int roots = rootIdList.size();
            byte[] kinds = new byte[roots];
            int[] threads = new int[roots];
            for (int i = 0; i < roots; i++) {
                kinds[i] = (byte) rootKindList.get(i);
                threads[i] = (int) rootThreadList.get(i);
            }
            return new HeapDump(bytes, idSize, idArray, positionArray, classIndex, classes, strings, classNames,
                    kinds, rootIdList.toArray(), threads, statics.toArray(), staticOwners.toArray(), staticNames.toArray());
        }

        private long header() {
            if (bytes.size() >= 2 && bytes.u1(0) == 0x1f && bytes.u1(1) == 0x8b) {
                throw new IllegalStateException("the heap dump is gzip-compressed: decompress it first");
            }
            StringBuilder magic = new StringBuilder();
            long pos = 0;
            while (pos < Math.min(bytes.size(), 64) && bytes.u1(pos) != 0) {
                magic.append((char) bytes.u1(pos++));
            }
            if (!magic.toString().startsWith("JAVA PROFILE 1.0.")) {
                throw new IllegalStateException("not an HPROF heap dump (header \"" + magic + "\")");
            }
            idSize = bytes.i4(pos + 1);
            if (idSize != 4 && idSize != 8) {
                throw new IllegalStateException("unsupported HPROF identifier size " + idSize);
            }
            return pos + 1 + 4 + 8;
        }

        private void heap(long pos, long end) {
            while (pos < end) {
                int tag = bytes.u1(pos);
                long p = pos + 1;
                switch (tag) {
                    case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> {
                        root(tag, bytes.id(p, idSize), NO_THREAD);
                        pos = p + idSize;
                    }
                    case ROOT_JNI_GLOBAL -> {
                        root(tag, bytes.id(p, idSize), NO_THREAD);
                        pos = p + 2L * idSize;
                    }
                    case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> {
                        root(tag, bytes.id(p, idSize), bytes.i4(p + idSize));
                        pos = p + idSize + 8;
                    }
                    case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                        root(tag, bytes.id(p, idSize), bytes.i4(p + idSize));
                        pos = p + idSize + 4;
                    }
                    case CLASS_DUMP -> pos = classDump(p);
                    case INSTANCE_DUMP -> {
                        object(bytes.id(p, idSize), pos);
                        pos = p + idSize + 4 + idSize + 4 + bytes.u4(p + idSize + 4 + idSize);
                    }
                    case OBJECT_ARRAY_DUMP -> {
                        object(bytes.id(p, idSize), pos);
                        pos = p + idSize + 4 + 4 + idSize + bytes.u4(p + idSize + 4) * idSize;
                    }
                    case PRIMITIVE_ARRAY_DUMP -> {
                        long count = bytes.u4(p + idSize + 4);
                        int type = bytes.u1(p + idSize + 8);
                        pos = p + idSize + 4 + 4 + 1 + count * DumpClass.sizeOf(type, idSize);
                    }
                    default -> throw new IllegalStateException(
                            "unknown heap dump record 0x" + Integer.toHexString(tag) + " at " + pos);
                }
            }
        }

        private void root(int kind, long id, int thread) {
            rootKindList.add(kind);
            rootIdList.add(id);
            rootThreadList.add(thread);
        }

        private void object(long id, long position) {
            ids.add(id);
            positions.add(position);
        }

        private long classDump(long p) {
            long id = bytes.id(p, idSize);
            long superId = bytes.id(p + idSize + 4, idSize);
            long pos = p + idSize + 4 + 6L * idSize + 4; // super, loader, signers, domain, 2 reserved; instance size
            int constants = bytes.u2(pos);
            pos += 2;
            for (int i = 0; i < constants; i++) {
                pos += 2 + 1 + DumpClass.sizeOf(bytes.u1(pos + 2), idSize);
            }
            int staticCount = bytes.u2(pos);
            pos += 2;
            for (int i = 0; i < staticCount; i++) {
                int type = bytes.u1(pos + idSize);
                if (type == DumpClass.OBJECT) {
                    long value = bytes.id(pos + idSize + 1, idSize);
                    if (value != 0) {
                        statics.add(value);
                        staticOwners.add(id);
                        staticNames.add(bytes.id(pos, idSize));
                    }
                }
                pos += idSize + 1 + DumpClass.sizeOf(type, idSize);
            }
            int fieldCount = bytes.u2(pos);
            pos += 2;
            long[] names = new long[fieldCount];
            byte[] types = new byte[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                names[i] = bytes.id(pos, idSize);
                types[i] = (byte) bytes.u1(pos + idSize);
                pos += idSize + 1;
            }
            classIndex.put(id, classes.size());
            classes.add(new DumpClass(id, superId, names, types));
            return pos;
        }
    }

    /** Sorts ids ascending, carrying positions along; HotSpot usually writes them nearly sorted already. */
    static void sortById(long[] ids, long[] positions) {
        boolean sorted = true;
        for (int i = 1; i < ids.length && sorted; i++) {
            sorted = ids[i - 1] < ids[i];
        }
        if (!sorted) {
            quickSort(ids, positions, 0, ids.length - 1);
        }
    }

    private static void quickSort(long[] keys, long[] values, int low, int high) {
        while (high - low > 16) {
            int mid = (low + high) >>> 1;
            long pivot = median(keys[low], keys[mid], keys[high]);
            int i = low;
            int j = high;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, values, i++, j--);
                }
            }
            // recurse into the smaller side, loop on the larger: bounded stack depth
            if (j - low < high - i) {
                quickSort(keys, values, low, j);
                low = i;
            } else {
                quickSort(keys, values, i, high);
                high = j;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            for (int k = i; k > low && keys[k - 1] > keys[k]; k--) {
                swap(keys, values, k, k - 1);
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(long[] keys, long[] values, int i, int j) {
        long k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        long v = values[i];
        values[i] = values[j];
        values[j] = v;
    }
}
