package dev.threadleak.junit;

import dev.threadleak.report.Death;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The running agent, reached by reflection only.
 *
 * <p>Why reflection: the agent's classes must be the ones the JVM loaded from the
 * {@code -javaagent} jar (or appended to the system class path by a dynamic attach). A compile
 * dependency on the agent would put a second copy of {@code dev.threadleak.agent.*} on the test
 * class path, ahead of the agent jar, and that copy (unshaded, maybe another version) would be
 * the one the JVM runs. So this module depends only on the report model, and asks the system
 * class loader for the agent. The report classes must then be the same on both sides; we check
 * that, so a child-first class loader gives a clear message instead of a
 * {@link ClassCastException}.
 *
 * <p>The methods named here are the agent's public API as of threadleak 0.1; if one is missing,
 * the message names it.
 */
final class AgentBridge {

    private static final String STATE = "dev.threadleak.agent.AgentState";
    private static final String RUNTIME = "dev.threadleak.agent.AgentRuntime";
    private static final String RECORD = "dev.threadleak.agent.threads.ThreadRecord";

    private final Object registry;
    private final Object reports;
    private final Method currentSequence;
    private final Method liveThreads;
    private final Method recordId;
    private final Method recordSequence;
    private final Method descendsFrom;
    private final Method startedBy;
    private final Method startedByProven;
    private final Method proveNow;
    private final Method proofNotes;
    private final Method deathsStartedBy;
    private final Method report;

    /** The agent could not be used; {@code loaded} tells whether it is in this JVM at all. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean loaded;

        Unavailable(boolean loaded, String message) {
            super(message);
            this.loaded = loaded;
        }

        boolean loaded() {
            return loaded;
        }
    }

    /** A live thread the agent tracks, with the facts we select on. */
    record LiveThread(Thread thread, long id, long sequence, Object record) {
    }

    /**
     * A heap proof's outcome: {@code provenWaits} is the agent's {@code ProvenWaits}, to hand back
     * to {@link #startedBy(long, long, String, Proof)}; {@code notes} say what it took, or why it failed.
     */
    record Proof(Object provenWaits, List<String> notes) {
    }

    private AgentBridge(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> runtimeClass = Class.forName(RUNTIME, false, loader);
        Object runtime = runtimeClass.getMethod("current").invoke(null);
        Method registryGetter = runtimeClass.getMethod("registry");
        Method reportsGetter = runtimeClass.getMethod("reports");
        registry = registryGetter.invoke(runtime);
        reports = reportsGetter.invoke(runtime);
        Class<?> registryClass = registryGetter.getReturnType();
        Class<?> reportsClass = reportsGetter.getReturnType();
        currentSequence = registryClass.getMethod("currentSequence");
        liveThreads = registryClass.getMethod("liveThreads");
        Class<?> recordClass = Class.forName(RECORD, false, loader);
        recordId = recordClass.getMethod("id");
        recordSequence = recordClass.getMethod("sequence");
        descendsFrom = recordClass.getMethod("descendsFrom", long.class);
        startedBy = reportsClass.getMethod("startedBy", long.class, long.class, String.class);
        proveNow = reportsClass.getMethod("proveNow");
        Class<?> provenClass = proveNow.getReturnType();
        startedByProven = reportsClass.getMethod("startedBy", long.class, long.class, String.class, provenClass);
        proofNotes = provenClass.getMethod("notes");
        deathsStartedBy = reportsClass.getMethod("deathsStartedBy", long.class, long.class);
        report = reportsClass.getMethod("report", ScopeInfo.class, List.class, List.class);
    }

    /** The agent of this JVM, or why it cannot be used. */
    static AgentBridge connect() throws Unavailable {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Class<?> state;
        try {
            state = Class.forName(STATE, false, system);
        } catch (ClassNotFoundException e) {
            throw new Unavailable(false, "the threadleak agent is not loaded");
        }
        try {
            if (!(Boolean) state.getMethod("installed").invoke(null)) {
                throw new Unavailable(false, "the threadleak agent's jar is on the class path but the agent is not "
                        + "installed (if it printed a 'threadleak:' line on stderr, that says why)");
            }
            Class<?> theirReport = Class.forName(LeakReport.class.getName(), false, system);
            if (theirReport != LeakReport.class) {
                throw new Unavailable(true, "the agent's report classes (" + loaderName(theirReport)
                        + ") are not the ones this extension sees (" + loaderName(LeakReport.class)
                        + "): the test class loader loads threadleak-report itself instead of asking its parent");
            }
            return new AgentBridge(system);
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            throw new Unavailable(true, "this threadleak agent does not have what threadleak-junit needs (" + e
                    + "): use an agent and an extension of the same threadleak version");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new Unavailable(true, "the threadleak agent could not be reached (" + rootCause(e) + ")");
        }
    }

    long currentSequence() {
        return (Long) call(currentSequence, registry);
    }

    List<LiveThread> liveThreads() {
        List<?> entries = (List<?>) call(liveThreads, registry);
        List<LiveThread> result = new ArrayList<>(entries.size());
        for (Object o : entries) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            Object record = e.getValue();
            result.add(new LiveThread((Thread) e.getKey(), (Long) call(recordId, record),
                    (Long) call(recordSequence, record), record));
        }
        return result;
    }

    /** True if {@code ancestorId} started this thread, directly or through threads it started. */
    boolean descendsFrom(LiveThread thread, long ancestorId) {
        return (Boolean) call(descendsFrom, thread.record(), ancestorId);
    }

    /** Live threads started (directly or not) by {@code owner} after {@code sequence}, as ungrouped leaks. */
    @SuppressWarnings("unchecked")
    List<Leak> startedBy(long owner, long sequence, String reason) {
        return (List<Leak>) call(startedBy, reports, owner, sequence, reason);
    }

    /** The same, with the verdicts {@code proof} settles for the parked threads among them. */
    @SuppressWarnings("unchecked")
    List<Leak> startedBy(long owner, long sequence, String reason, Proof proof) {
        return (List<Leak>) call(startedByProven, reports, owner, sequence, reason, proof.provenWaits());
    }

    /**
     * Dumps the heap and proves which of the threads parked now can never be woken. Slow (a heap
     * dump): only for a check that already has a parked leak. The agent does not throw here; a
     * failure is in the notes.
     */
    @SuppressWarnings("unchecked")
    Proof proveNow() {
        Object proven = call(proveNow, reports);
        return new Proof(proven, List.copyOf((List<String>) call(proofNotes, proven)));
    }

    @SuppressWarnings("unchecked")
    List<Death> deathsStartedBy(long owner, long sequence) {
        return (List<Death>) call(deathsStartedBy, reports, owner, sequence);
    }

    /** The agent's report (mode agent, its stats and notes) for these leaks. */
    LeakReport report(ScopeInfo scope, List<Leak> leaks, List<Death> deaths) {
        return (LeakReport) call(report, reports, scope, leaks, deaths);
    }

    private static Object call(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("threadleak agent: " + method.getName() + " failed", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("threadleak agent: cannot call " + method, e);
        }
    }

    private static String loaderName(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return "loaded by " + (loader == null ? "the bootstrap loader" : loader.toString());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
