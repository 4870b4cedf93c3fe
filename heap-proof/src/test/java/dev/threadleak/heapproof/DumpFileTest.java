package dev.threadleak.heapproof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A heap dump lives as long as the process that wanted it, and nothing it did not write is touched. */
class DumpFileTest {

    @TempDir
    Path tmp;

    @Test
    void aDumpIsDeletedWithThePartsHotSpotWritesBesideIt() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("threadleak-proof-1-2"));
        Path file = Files.writeString(dir.resolve("heap.hprof"), "x");
        Files.writeString(dir.resolve("heap.hprof.p0"), "part");
        Files.writeString(dir.resolve("heap.hprof.p1"), "part");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a dump");

        assertFalse(DumpFile.deleteDump(file), "nothing of the dump is left");
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("heap.hprof.p0")));
        assertFalse(Files.exists(dir.resolve("heap.hprof.p1")));
        assertTrue(Files.exists(other), "only the dump and its parts");
    }

    @Test
    void closeDeletesTheDirectoryWithItsParts() throws Exception {
        DumpFile dump = DumpFile.create();
        Path dir = dump.path().getParent();
        assertTrue(dir.getFileName().toString().startsWith("threadleak-proof-" + ProcessHandle.current().pid() + "-"),
                "named after its owner: " + dir);
        Files.writeString(dump.path().resolveSibling("heap.hprof.p0"), "a part a killed dump left");
        dump.close();
        assertFalse(Files.exists(dir));
    }

    /** A kill -9 while a dump is read must leave no copy of the heap: its name is gone before the reading. */
    @Test
    void aProofReadsItsDumpFromTheOpenFileAfterDeletingItsName() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "an open file cannot be deleted there");
        try (DumpFile dump = DumpFile.create()) {
            Path dir = dump.path().getParent();
            LiveHeapDump.write(dump.path());

            try (DumpBytes bytes = HeapProof.openDeleting(dump)) {
                assertFalse(Files.exists(dir), "the dump's directory while it is read");
                int objects = HeapDump.read(bytes).objectCount();
                assertTrue(objects > 1_000, "the whole heap was read from the open file: " + objects);
            }
        }
    }

    @Test
    void theSweepDeletesTheDumpsOfProcessesThatAreGoneAndNothingElse() throws Exception {
        long dead = deadPid();
        Path stale = dumpDirectory("threadleak-proof-" + dead + "-123");
        Path mine = dumpDirectory("threadleak-proof-" + ProcessHandle.current().pid() + "-456");
        Path legacy = dumpDirectory("threadleak-proof-789");
        Path withSubdirectory = dumpDirectory("threadleak-proof-" + dead + "-999");
        Files.createDirectory(withSubdirectory.resolve("sub"));
        Path notOurs = dumpDirectory("threadleak-other-" + dead + "-1");

        assertEquals(1, DumpFile.sweepStale(tmp));

        assertFalse(Files.exists(stale), "its process is gone: nobody will read it");
        assertTrue(Files.exists(mine.resolve("heap.hprof")), "a live process's dump is its own");
        assertTrue(Files.exists(legacy), "no pid in the name: whose it is cannot be known");
        assertTrue(Files.exists(withSubdirectory.resolve("sub")), "not the shape of a dump directory");
        assertTrue(Files.exists(notOurs));
    }

    @Test
    void aPidReusedByAProcessStartedAfterTheDumpDoesNotKeepIt() throws Exception {
        // this JVM's pid, but the directory was last changed before this JVM started: another process made it
        Path reused = dumpDirectory("threadleak-proof-" + ProcessHandle.current().pid() + "-1");
        Instant before = ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(60);
        Files.setLastModifiedTime(reused, FileTime.from(before));

        assertEquals(1, DumpFile.sweepStale(tmp));
        assertFalse(Files.exists(reused));
    }

    private Path dumpDirectory(String name) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve("heap.hprof"), "secrets");
        Files.writeString(dir.resolve("heap.hprof.p0"), "more secrets");
        return dir;
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.pid();
    }
}
