package dev.threadleak.heapproof;

import static dev.threadleak.heapproof.HprofBuilder.fields;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HPROF reader, on hand-written dumps (4- and 8-byte ids) and on a real dump of this JVM. */
class HeapDumpTest {

    /**
     * A thread's name is read from its {@code String} and that string's bytes wherever the file has
     * them: a name made before its thread is written before it, and one set later after it.
     */
    @ParameterizedTest(name = "{0}-byte ids, descending: {1}")
    @CsvSource({"4, false", "8, false", "4, true", "8, true"})
    void readsTheNamesOfTheThreadsAskedForWhereverTheFileHasTheirStrings(int idSize, boolean descending) {
        HprofBuilder b = new HprofBuilder(idSize, descending);
        long object = b.declare("java.lang.Object", 0);
        long string = b.declare("java.lang.String", object, "value", "hash:I", "coder:B", "hashIsZero:B");
        long threadClass = b.declare("java.lang.Thread", object, "tid:J", "name");
        long latin = b.instance(string, fields("value", b.byteArray("main".getBytes(StandardCharsets.ISO_8859_1))));
        long first = b.instance(threadClass, fields("tid", 1, "name", latin));
        long later = b.reserve();
        long unnamed = b.reserve();
        long second = b.instance(threadClass, fields("tid", 36, "name", later));
        b.instance(threadClass, fields("tid", 40, "name", unnamed));
        byte[] utf16 = "Ж-worker\u001b".getBytes(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        long bytesAfter = b.reserve();
        b.instance(later, string, fields("value", bytesAfter, "coder", 1));
        b.instance(unnamed, string, fields("value", b.byteArray("not asked".getBytes(StandardCharsets.ISO_8859_1))));
        b.byteArray(bytesAfter, utf16);
        b.root(HeapDump.ROOT_THREAD_OBJECT, first, 1);
        b.root(HeapDump.ROOT_THREAD_OBJECT, second, 2);
        byte[] file = b.build();
        HeapDump heap = HeapDump.read(DumpBytes.of(file));
        int firstRow = heap.threads.rowOf(heap.indexOf(first));
        int secondRow = heap.threads.rowOf(heap.indexOf(second));

        Map<Integer, String> names = heap.threadNames(DumpBytes.of(file), List.of(firstRow, secondRow));

        assertEquals(Map.of(firstRow, "main", secondRow, "Ж-worker\u001b"), names);
    }

    @ParameterizedTest(name = "{0}-byte ids, descending: {1}")
    @CsvSource({"4, false", "8, false", "4, true", "8, true"})
    void readsClassesInstancesArraysRootsAndStatics(int idSize, boolean descending) {
        HprofBuilder b = new HprofBuilder(idSize, descending);
        long object = b.declare("java.lang.Object", 0);
        long base = b.declare("com.acme.Base", object, "inherited", "count:J");
        long holder = b.declare("com.acme.Holder", base, "first", "second");
        long array = b.declare("[Ljava.lang.Object;", object);
        long leaf = b.instance(object);
        long ints = b.intArray(1, 2, 3);
        long h = b.instance(holder, fields("first", leaf, "second", ints, "inherited", leaf, "count", 42));
        long arr = b.objectArray(array, h, 0, leaf);
        b.declare("com.acme.Statics", object, List.of(), Map.of("INSTANCE", arr));
        b.root(HeapDump.ROOT_JAVA_FRAME, h, 7);
        b.root(HeapDump.ROOT_STICKY_CLASS, object, 0);
        b.root(HeapDump.ROOT_JNI_GLOBAL, leaf, 0); // as long as a thread's root record: no thread's all the same

        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()));

        assertEquals(idSize, heap.idSize());
        assertEquals(3, heap.objectCount(), "instances and object arrays are indexed, primitive arrays are not");
        int hi = heap.indexOf(h);
        int li = heap.indexOf(leaf);
        int ai = heap.indexOf(arr);
        assertEquals(List.of(li, li), references(heap, hi), "own then inherited fields; a primitive array is no edge");
        assertEquals("com.acme.Holder", heap.className(heap.classIdAt(hi)));
        assertTrue(heap.isSubclass(heap.classIdAt(hi), "com.acme.Base"));
        assertFalse(heap.isSubclass(heap.classIdAt(hi), "java.lang.Thread"));
        assertEquals("[Ljava.lang.Object;", heap.className(heap.classIdAt(ai)));
        assertEquals(-1, heap.indexOf(ints));
        assertEquals(List.of(), references(heap, li));
        assertEquals(List.of(hi, li), references(heap, ai), "null elements are skipped");
        assertEquals(ai, heap.staticField("com.acme.Statics", "INSTANCE"));
        assertEquals(3, heap.rootObjects.length);
        assertEquals(hi, heap.rootObjects[0]);
        assertEquals(-1, heap.rootObjects[1], "a class is not an indexed object");
        assertEquals(HeapDump.ROOT_JAVA_FRAME, heap.rootKinds[0] & 0xff);
        assertEquals(7, heap.rootThreads[0]);
        assertEquals(HeapDump.NO_THREAD, heap.rootThreads[1]);
        assertEquals(li, heap.rootObjects[2]);
        assertEquals(HeapDump.NO_THREAD, heap.rootThreads[2], "a JNI global belongs to no thread");
    }

    @Test
    void keepsAThreadsNamedFieldsAsideAndOutOfItsEdges() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long thread = b.declare("java.lang.Thread", object, "tid:J", "parkBlocker", "threadLocals", "name", "holder");
        long fieldHolder = b.declare("java.lang.Thread$FieldHolder", object, "task", "group");
        long blocker = b.instance(object);
        long locals = b.instance(object);
        long name = b.instance(object);
        long task = b.instance(object);
        long holder = b.instance(fieldHolder, fields("task", task));
        long t = b.instance(thread, fields("tid", 42, "parkBlocker", blocker, "threadLocals", locals, "name", name,
                "holder", holder));

        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()));

        int ti = heap.indexOf(t);
        int row = heap.threads.rowOf(ti);
        assertEquals(42, heap.threads.tid(row));
        assertEquals(heap.indexOf(blocker), heap.threads.blocker(row));
        assertEquals(ThreadObjects.NOT_VIRTUAL, heap.threads.state(row));
        assertEquals(List.of(heap.indexOf(name), heap.indexOf(holder)), references(heap, ti),
                "a handle reaches neither the blocker nor the thread locals");
        assertEquals(List.of(), references(heap, heap.indexOf(holder)), "nor the task");
        List<Integer> own = new ArrayList<>();
        heap.threads.ownReferences(row, own::add);
        assertEquals(Set.of(heap.indexOf(blocker), heap.indexOf(locals), heap.indexOf(task)), Set.copyOf(own));
        List<Integer> holding = new ArrayList<>();
        heap.threads.holdingReferences(row, holding::add);
        assertEquals(List.of(heap.indexOf(task)), holding, "its blocker and locals do not make it a holder");
    }

    @Test
    void keepsNoEdgesOutOfTheCallersBookkeepingAndTheWaitTableInOrder() {
        HprofBuilder b = new HprofBuilder(4);
        long object = b.declare("java.lang.Object", 0);
        long tracker = b.declare("com.acme.tracker.Records", object, "waits");
        long array = b.declare("[Ljava.lang.Object;", object);
        long channel = b.instance(object);
        long records = b.instance(tracker, fields("waits", channel));
        long table = b.objectArray(array, 0, channel, records, 0);
        b.declare("com.acme.Table", object, List.of(), Map.of("WAITS", table));

        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()),
                new GraphRules(List.of("com.acme.tracker."), new ProofInput.StaticField("com.acme.Table", "WAITS")));

        assertEquals(List.of(), references(heap, heap.indexOf(records)));
        assertArrayEquals(new int[] {-1, heap.indexOf(channel), heap.indexOf(records), -1}, heap.waitTable());
    }

    @Test
    void indexesIdsInAnyOrderAsABitSetOrSorted() {
        ObjectIndex.Builder dense = new ObjectIndex.Builder();
        ObjectIndex.Builder sparse = new ObjectIndex.Builder();
        for (int i = 0; i < 100_000; i++) {
            long scrambled = (i * 7919L) % 100_000;
            dense.add(0x7_0000_0000L + scrambled * 16);
            sparse.add(scrambled * 0x1_0000_0000L + 8);
        }
        ObjectIndex d = dense.build();
        ObjectIndex s = sparse.build();
        assertEquals(100_000, d.count());
        assertEquals(100_000, s.count());
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, d.indexOf(0x7_0000_0000L + i * 16L));
            assertEquals(i, s.indexOf(i * 0x1_0000_0000L + 8));
        }
        assertEquals(-1, d.indexOf(0x7_0000_0000L + 8), "between two ids");
        assertEquals(-1, d.indexOf(0x7_0000_0000L + 100_000 * 16L), "after the last");
        assertEquals(-1, s.indexOf(16));
        assertEquals(-1, d.indexOf(0));
        assertTrue(d.bytes() < 100_000, "a dense index takes about a byte per id: " + d.bytes());
        assertFalse(d.ascending(), "ids added out of order");
        assertFalse(s.ascending(), "ids added out of order");
    }

    @Test
    void knowsWhenIdsCameInAscendingOrder() {
        ObjectIndex.Builder dense = new ObjectIndex.Builder();
        ObjectIndex.Builder sparse = new ObjectIndex.Builder();
        ObjectIndex.Builder twice = new ObjectIndex.Builder();
        for (int i = 0; i < 10_000; i++) {
            dense.add(0x7_0000_0000L + i * 16L);
            sparse.add(i * 0x1_0000_0000L + 8);
            twice.add(0x7_0000_0000L + i / 2 * 16L);
        }
        ObjectIndex d = dense.build();
        ObjectIndex s = sparse.build();
        assertTrue(d.ascending(), "the i-th id added has index i");
        assertTrue(s.ascending(), "in the sorted form too");
        for (int i = 0; i < 10_000; i += 97) {
            assertEquals(i, d.indexOf(0x7_0000_0000L + i * 16L));
            assertEquals(i, s.indexOf(i * 0x1_0000_0000L + 8));
        }
        assertFalse(twice.build().ascending(), "an id added twice: the i-th id added is not the i-th index");
    }

    @Test
    void findsEveryIdAmongNeighboursInEachWordOfAGroup() {
        ObjectIndex.Builder builder = new ObjectIndex.Builder();
        List<Long> ids = new ArrayList<>();
        for (long step = 0; step < 3 * ObjectIndex.PAGE_STEPS; step += 1 + step % 3 * 29 + step % 7) {
            ids.add(0x4_0000_0000L + step * 8);
            builder.add(0x4_0000_0000L + step * 8);
        }
        ObjectIndex index = builder.build();
        assertEquals(ids.size(), index.count());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i, index.indexOf(ids.get(i)), "id " + i);
            long next = i + 1 < ids.size() ? ids.get(i + 1) : ids.get(i) + 64;
            if (next - ids.get(i) > 8) {
                assertEquals(-1, index.indexOf(ids.get(i) + 8), "between ids " + i + " and " + (i + 1));
            }
        }
    }

    @Test
    void refusesWhatIsNotAnUncompressedHprof() {
        assertThrows(IllegalStateException.class, () -> HeapDump.read(DumpBytes.of("hello".getBytes())));
        assertThrows(IllegalStateException.class, () -> HeapDump.read(DumpBytes.of(new byte[] {0x1f, (byte) 0x8b, 8})));
    }

    /** Something to find in a real dump. */
    static final class Marker {
        final Object payload;
        final long number;

        Marker(Object payload, long number) {
            this.payload = payload;
            this.number = number;
        }
    }

    static final Marker MARKER = new Marker(new Object[] {"x"}, 0x5eedL);

    @Test
    void readsARealDumpOfThisJvm() throws Exception {
        try (DumpFile dump = DumpFile.create()) {
            Path file = dump.path();
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(file.getParent()));
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
            HeapDump heap;
            try (DumpBytes bytes = DumpBytes.open(file)) {
                heap = HeapDump.read(bytes, GraphRules.none());
            }

            int marker = heap.staticField(HeapDumpTest.class.getName(), "MARKER");
            assertTrue(marker >= 0, "the static field's object is in the dump");
            assertEquals(Marker.class.getName(), heap.className(heap.classIdAt(marker)));
            List<Integer> payload = references(heap, marker);
            assertEquals(1, payload.size());
            assertEquals("[Ljava.lang.Object;", heap.className(heap.classIdAt(payload.get(0))));

            boolean foundMe = false;
            for (int i = 0; i < heap.rootObjects.length; i++) {
                if ((heap.rootKinds[i] & 0xff) == HeapDump.ROOT_THREAD_OBJECT) {
                    int row = heap.threads.rowOf(heap.rootObjects[i]);
                    foundMe |= row >= 0 && heap.threads.tid(row) == Thread.currentThread().getId();
                }
            }
            assertTrue(foundMe, "this thread is among the thread roots, by its id");
        }
    }

    private static List<Integer> references(HeapDump heap, int index) {
        List<Integer> refs = new ArrayList<>();
        heap.references(index, refs::add);
        return refs;
    }
}
