package dev.threadleak.heapproof;

import static dev.threadleak.heapproof.HprofBuilder.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HPROF reader, on hand-written dumps (4- and 8-byte ids) and on a real dump of this JVM. */
class HeapDumpTest {

    @ParameterizedTest(name = "{0}-byte ids")
    @ValueSource(ints = {4, 8})
    void readsClassesInstancesArraysRootsAndStatics(int idSize) {
        HprofBuilder b = new HprofBuilder(idSize);
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

        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()));

        assertEquals(idSize, heap.idSize());
        assertEquals(3, heap.objectCount(), "instances and object arrays are indexed, primitive arrays are not");
        int hi = heap.indexOf(h);
        assertTrue(heap.isInstance(hi));
        assertEquals("com.acme.Holder", heap.className(heap.classIdAt(hi)));
        assertTrue(heap.isSubclass(heap.classIdAt(hi), "com.acme.Base"));
        assertFalse(heap.isSubclass(heap.classIdAt(hi), "java.lang.Thread"));
        assertEquals(leaf, heap.referenceField(hi, "com.acme.Holder", "first"));
        assertEquals(leaf, heap.referenceField(hi, "com.acme.Base", "inherited"));
        assertEquals(42, heap.longField(hi, null, "count", -1));
        assertEquals(-1, heap.longField(hi, null, "missing", -1));
        assertEquals(-1, heap.indexOf(ints));
        assertEquals(List.of(leaf, ints, leaf), references(heap, hi));
        assertEquals(List.of(h, leaf), references(heap, heap.indexOf(arr)), "null elements are skipped");
        assertEquals(arr, heap.staticField("com.acme.Statics", "INSTANCE"));
        assertEquals(2, heap.rootIds.length);
        assertEquals(HeapDump.ROOT_JAVA_FRAME, heap.rootKinds[0] & 0xff);
        assertEquals(7, heap.rootThreads[0]);
        assertEquals(HeapDump.NO_THREAD, heap.rootThreads[1]);
    }

    @Test
    void refusesWhatIsNotAnUncompressedHprof() {
        assertThrows(IllegalStateException.class, () -> HeapDump.read(DumpBytes.of("hello".getBytes())));
        assertThrows(IllegalStateException.class, () -> HeapDump.read(DumpBytes.of(new byte[] {0x1f, (byte) 0x8b, 8})));
    }

    @Test
    void sortsIdsWrittenOutOfOrder() {
        long[] ids = new long[1000];
        long[] positions = new long[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((i * 7919L) % 1000) * 8 + 8;
            positions[i] = ids[i] * 3;
        }
        HeapDump.sortById(ids, positions);
        for (int i = 0; i < ids.length; i++) {
            assertEquals((i + 1) * 8L, ids[i]);
            assertEquals(ids[i] * 3, positions[i]);
        }
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
            HeapDump heap = HeapDump.read(file);

            int marker = heap.indexOf(heap.staticField(HeapDumpTest.class.getName(), "MARKER"));
            assertTrue(marker >= 0, "the static field's object is in the dump");
            assertEquals(Marker.class.getName(), heap.className(heap.classIdAt(marker)));
            assertEquals(0x5eedL, heap.longField(marker, null, "number", -1));
            int payload = heap.indexOf(heap.referenceField(marker, null, "payload"));
            assertEquals("[Ljava.lang.Object;", heap.className(heap.classIdAt(payload)));

            boolean foundMe = false;
            for (int i = 0; i < heap.rootIds.length; i++) {
                if ((heap.rootKinds[i] & 0xff) == HeapDump.ROOT_THREAD_OBJECT) {
                    int t = heap.indexOf(heap.rootIds[i]);
                    foundMe |= heap.longField(t, "java.lang.Thread", "tid", -1) == Thread.currentThread().getId();
                }
            }
            assertTrue(foundMe, "this thread is among the thread roots, by its id");
        }
    }

    private static List<Long> references(HeapDump heap, int index) {
        List<Long> refs = new ArrayList<>();
        heap.references(index, refs::add);
        return refs;
    }
}
