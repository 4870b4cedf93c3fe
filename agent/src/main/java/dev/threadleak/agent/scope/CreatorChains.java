package dev.threadleak.agent.scope;

import dev.threadleak.agent.threads.CreationSites;
import dev.threadleak.agent.threads.ThreadRecord;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Why a leak its scope's own thread did not make is the scope's: the chain of threads from the
 * window's owner down to the leak's creator ("main" started "listener", which started "worker-2",
 * which made the pool). A report that shows only a server thread as the creator would leave its
 * reader asking why the test is blamed. Read from the live threads' lineage when the report is
 * made; a thread of the chain that has ended since is named by id alone (the creator keeps the
 * name the report gives it). With the chain, where the window's owner started its next thread:
 * the test's line that set it going, which the creator's own stack, deep in a server, does not
 * show (Artemis's trial: a shared Netty group's thread, made on a backup activation's thread that
 * the test had started). Where that next thread has ended since (an acceptor that handed off),
 * its start is read from what the records below it kept of their lineage's creations.
 */
final class CreatorChains {

    private final Set<Long> owners;
    private final CreationSites sites;
    private final Function<String, long[]> workLineage;
    private final BiFunction<String, Long, Object> workAncestorCreation;
    private final Map<Long, Map.Entry<Thread, ThreadRecord>> live = new HashMap<>();

    /**
     * {@code workLineage}: the lineage of an executor or task by the identity a report gives it, or
     * null; {@code workAncestorCreation}: where a thread of an executor's lineage was started, or null.
     */
    CreatorChains(Set<Long> owners, List<Map.Entry<Thread, ThreadRecord>> liveThreads, CreationSites sites,
                  Function<String, long[]> workLineage, BiFunction<String, Long, Object> workAncestorCreation) {
        this.owners = owners;
        this.sites = sites;
        this.workLineage = workLineage;
        this.workAncestorCreation = workAncestorCreation;
        for (Map.Entry<Thread, ThreadRecord> e : liveThreads) {
            live.put(e.getValue().id(), e);
        }
    }

    /** The record of live thread {@code id}, or null. */
    ThreadRecord liveRecord(long id) {
        Map.Entry<Thread, ThreadRecord> e = live.get(id);
        return e == null ? null : e.getValue();
    }

    /** {@code leak} with its chain, or as it is: made by an owner, before the agent, or of a lineage no longer known. */
    Leak withChain(Leak leak) {
        if (leak.preExisting() || leak.createdBy() == null || owners.contains(leak.createdBy().id())) {
            return leak;
        }
        long creator = leak.createdBy().id();
        long[] above = above(creator, leak);
        if (above == null) {
            return leak;
        }
        List<ThreadRef> chain = new ArrayList<>();
        chain.add(leak.createdBy()); // named as it was, even once it has ended
        for (long id : above) {
            chain.add(ref(id));
            if (owners.contains(id)) {
                Collections.reverse(chain);
                return leak.withStartedFrom(chain, setGoingAt(chain.get(1).id(), leak));
            }
        }
        return leak; // the owner is above the lineage's 32 kept generations
    }

    /**
     * The creator's lineage: from its own record while it lives, else from the leak's own record
     * (the thread's, the executor's or the task's), which starts with the creator.
     */
    private long[] above(long creator, Leak leak) {
        Map.Entry<Thread, ThreadRecord> c = live.get(creator);
        if (c != null) {
            return c.getValue().lineage();
        }
        long[] lineage = ownLineage(leak);
        return lineage == null || lineage.length == 0 || lineage[0] != creator ? null
                : Arrays.copyOfRange(lineage, 1, lineage.length);
    }

    private long[] ownLineage(Leak leak) {
        if (leak.executor() != null) {
            return workLineage.apply(leak.executor().identity());
        }
        if (leak.task() != null) {
            return workLineage.apply(leak.task().identity());
        }
        ThreadRecord own = liveRecordOf(leak);
        return own == null ? null : own.lineage();
    }

    /** The record of the leaked thread itself while it lives; null for an executor's or a task's leak. */
    private ThreadRecord liveRecordOf(Leak leak) {
        boolean isThread = leak.kind() == LeakKind.THREAD || leak.kind() == LeakKind.VIRTUAL_THREAD;
        Map.Entry<Thread, ThreadRecord> t = isThread && leak.thread() != null ? live.get(leak.thread().id()) : null;
        return t == null ? null : t.getValue();
    }

    /**
     * Where the owner started thread {@code id}, the chain's next: in its creation stack, the
     * innermost frame of the application that a test framework or reflection called (the test
     * method's line, below the library code it called; not a library's lambda a JDK map ran);
     * else, in what a cut left out, the outermost frame where the application was entered; else
     * the outermost frame of the application. Null when neither its record nor a lineage below it
     * kept its start, or with no such frame.
     */
    private Frame setGoingAt(long id, Leak leak) {
        Map.Entry<Thread, ThreadRecord> e = live.get(id);
        List<Frame> frames = e != null ? e.getValue().createdAt(sites) : sites.frames(endedStart(id, leak));
        Frame entered = Frame.enteredByPlumbing(frames, 0);
        if (entered != null) {
            return entered;
        }
        List<Frame> entries = CreationSites.entries(frames);
        if (!entries.isEmpty()) {
            return entries.get(entries.size() - 1);
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).isApplication()) {
                return frames.get(i);
            }
        }
        return null;
    }

    /**
     * Where thread {@code id}, ended, was started: as the leak's creator's lineage kept it, else the
     * leak's own (the thread's, or the executor's); null when none did.
     */
    private Object endedStart(long id, Leak leak) {
        Map.Entry<Thread, ThreadRecord> creator = live.get(leak.createdBy().id());
        Object kept = creator == null ? null : creator.getValue().creationOfAncestor(id);
        if (kept != null) {
            return kept;
        }
        if (leak.executor() != null) {
            return workAncestorCreation.apply(leak.executor().identity(), id);
        }
        ThreadRecord own = liveRecordOf(leak);
        return own == null ? null : own.creationOfAncestor(id);
    }

    /** A thread of the chain: named while it lives, by id alone once it has ended. */
    private ThreadRef ref(long id) {
        Map.Entry<Thread, ThreadRecord> e = live.get(id);
        return new ThreadRef(id, e == null ? null : e.getKey().getName());
    }
}
