package dev.threadleak.agent;

import dev.threadleak.agent.threads.ThreadRegistry;
import dev.threadleak.agent.waits.SynchronizerInternals;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Stream;

/**
 * The one place where the agent reaches into the JDK's internals: which packages of
 * {@code java.base} it exports or opens to itself, when, and what it reads there. Each package is
 * opened only when a use first needs it, and once.
 * <ul>
 * <li>{@code jdk.internal.misc}, exported at every start: {@code Unsafe.defineClass}, called
 *     directly ({@code BootLoaderDefiner}), puts the bootstrap hooks straight into the boot loader
 *     ({@code BootstrapInjector} says why).
 * <li>{@code jdk.internal.vm}, exported at install: {@code ThreadContainers} lists the virtual
 *     threads (JDK 21+), which {@code Thread.getAllStackTraces()} leaves out; the agent needs the
 *     ones that predate it.
 * <li>{@code VirtualThread.cont}, read without opening anything: the continuation class the agent
 *     weaves as it loads hands its own lookup (a nestmate's) to the thread registry, which makes a
 *     getter of it ({@code threads.OnContinuations}) and keeps no lookup.
 * <li>{@code java.lang} and {@code java.util.concurrent}, opened only when attached late: a
 *     thread's task ({@code Thread.target} on JDK 17, {@code Thread.holder.task} on 21+) and a
 *     {@code ThreadPoolExecutor$Worker}'s pool, to find the pools that predate the agent.
 * <li>{@code java.util.concurrent.locks}, opened only when a report first meets a thread parked
 *     on a synchronizer: a condition's lock ({@code ConditionObject.this$0}), an AQS's state and
 *     exclusive owner, which its own classes keep protected, so that a report can say "count 1"
 *     or which thread holds the lock. Read at report time only.
 * </ul>
 * The agent's module is the unnamed module of the class loader that loaded its jar, which the
 * application's class path shares: what is opened to us is opened to that class path too. Hence
 * no package beyond these, and {@code java.lang} only when nothing else will do. Reads degrade:
 * a JDK that moved what we read gives "not known", never an error. Used on the installing thread,
 * but for the synchronizers' internals, which reporting threads open once, under this object's lock.
 */
final class JdkAccess {

    private final Instrumentation inst;
    private final Set<String> allowed = new HashSet<>();
    private ThreadContainers containers;
    private PoolWorkers workers;
    private volatile Synchronizers synchronizers;

    JdkAccess(Instrumentation inst) {
        this.inst = inst;
    }

    /**
     * Defines {@code name} in the boot loader ({@link BootLoaderDefiner}, which must not link before
     * the export). Throws when this JDK refuses (the caller then appends a jar to the boot class
     * path instead): a {@link LinkageError} where {@code Unsafe.defineClass} moved.
     */
    void defineInBootLoader(String name, byte[] bytes) {
        allow("jdk.internal.misc", false);
        BootLoaderDefiner.define(name, bytes);
    }

    /** True where the JDK's thread containers can be read: JDK 21+, unless they moved. */
    boolean seesVirtualThreads() {
        return containers().visible();
    }

    /**
     * True where the JDK's thread containers list every live virtual thread: JDK 21+, unless
     * {@code -Djdk.trackAllThreads=false} left threads started directly uncounted by any container.
     */
    boolean tracksAllVirtualThreads() {
        return containers().tracksAll();
    }

    /** Where {@link #seesVirtualThreads()}, the live virtual threads (all of them where {@link #tracksAllVirtualThreads()}); else none. */
    List<Thread> liveVirtualThreads() {
        List<Thread> result = new ArrayList<>();
        containers().collectVirtual(result);
        return result;
    }

    /** The {@code ThreadPoolExecutor} whose worker {@code thread} is, or null (not one, or not readable). */
    ThreadPoolExecutor poolOfWorker(Thread thread) {
        if (workers == null) {
            workers = PoolWorkers.open(this);
        }
        return workers.poolOf(thread);
    }

    /** The synchronizers' internals, opened on first use (from a reporting thread: once, under a lock of ours). */
    SynchronizerInternals synchronizers() {
        return new SynchronizerInternals() {
            @Override
            public Object lockOf(Object condition) {
                return opened().read(opened().conditionLock, condition);
            }

            @Override
            public Thread exclusiveOwner(Object synchronizer) {
                return opened().read(opened().owner, synchronizer) instanceof Thread t ? t : null;
            }

            @Override
            public Long state(Object synchronizer) {
                Synchronizers s = opened();
                Object state = s.read(s.intState, synchronizer);
                if (state instanceof Number n) {
                    return n.longValue();
                }
                return s.read(s.longState, synchronizer) instanceof Long l ? l : null;
            }
        };
    }

    private Synchronizers opened() {
        Synchronizers s = synchronizers;
        if (s == null) {
            synchronized (this) {
                if (synchronizers == null) {
                    synchronizers = Synchronizers.open(this);
                }
                s = synchronizers;
            }
        }
        return s;
    }

    private ThreadContainers containers() {
        if (containers == null) {
            containers = ThreadContainers.open(this);
        }
        return containers;
    }

    /**
     * Exports {@code pkg} of {@code java.base} to the agent, or with {@code deep} opens it (private
     * members too); once.
     */
    private synchronized void allow(String pkg, boolean deep) {
        String grant = (deep ? "opens " : "exports ") + pkg;
        if (allowed.contains(grant)) {
            return;
        }
        Map<String, Set<Module>> toUs = Map.of(pkg, Set.of(JdkAccess.class.getModule()));
        inst.redefineModule(Object.class.getModule(), Set.of(), deep ? Map.of() : toUs, deep ? toUs : Map.of(),
                Set.of(), Map.of());
        allowed.add(grant);
    }

    /** {@code jdk.internal.vm.ThreadContainers}: a tree of containers, each with its threads. */
    private static final class ThreadContainers {
        private final Method root;
        private final Method children;
        private final Method threads;
        private final boolean tracksAll;

        private ThreadContainers(Method root, Method children, Method threads, boolean tracksAll) {
            this.root = root;
            this.children = children;
            this.threads = threads;
            this.tracksAll = tracksAll;
        }

        static ThreadContainers open(JdkAccess jdk) {
            try {
                jdk.allow("jdk.internal.vm", false);
                Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
                Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
                return new ThreadContainers(containers.getMethod("root"), container.getMethod("children"),
                        container.getMethod("threads"), propertySaysTrackAll());
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new ThreadContainers(null, null, null, false); // JDK 17, or a JDK that moved them
            }
        }

        /**
         * {@code ThreadContainers.trackAllThreads()}, read as it reads its property (a reflective
         * call would cost start-up the method-handle classes {@code BootLoaderDefiner} avoids).
         */
        private static boolean propertySaysTrackAll() {
            String value = System.getProperty("jdk.trackAllThreads");
            return value == null || value.isEmpty() || Boolean.parseBoolean(value);
        }

        boolean visible() {
            return root != null;
        }

        boolean tracksAll() {
            return tracksAll;
        }

        void collectVirtual(Collection<Thread> into) {
            if (root == null) {
                return;
            }
            try {
                collectVirtual(root.invoke(null), into);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // seen platform threads only; the report says what it could not see
            }
        }

        private void collectVirtual(Object container, Collection<Thread> into) throws ReflectiveOperationException {
            try (Stream<?> members = (Stream<?>) threads.invoke(container)) {
                members.map(Thread.class::cast).filter(ThreadRegistry::isVirtual).forEach(into::add);
            }
            List<?> kids;
            try (Stream<?> stream = (Stream<?>) children.invoke(container)) {
                kids = stream.toList();
            }
            for (Object child : kids) {
                collectVirtual(child, into);
            }
        }
    }

    /** {@code java.util.concurrent.locks} internals, read reflectively; a field that moved reads as null. */
    private static final class Synchronizers {
        private final Field conditionLock;
        private final Field longConditionLock;
        private final Field owner;
        private final Field intState;
        private final Field longState;

        private Synchronizers(Field conditionLock, Field longConditionLock, Field owner, Field intState,
                              Field longState) {
            this.conditionLock = conditionLock;
            this.longConditionLock = longConditionLock;
            this.owner = owner;
            this.intState = intState;
            this.longState = longState;
        }

        static Synchronizers open(JdkAccess jdk) {
            try {
                jdk.allow("java.util.concurrent.locks", true);
            } catch (RuntimeException e) {
                return new Synchronizers(null, null, null, null, null);
            }
            String locks = "java.util.concurrent.locks.";
            return new Synchronizers(field(locks + "AbstractQueuedSynchronizer$ConditionObject", "this$0"),
                    field(locks + "AbstractQueuedLongSynchronizer$ConditionObject", "this$0"),
                    field(locks + "AbstractOwnableSynchronizer", "exclusiveOwnerThread"),
                    field(locks + "AbstractQueuedSynchronizer", "state"),
                    field(locks + "AbstractQueuedLongSynchronizer", "state"));
        }

        private static Field field(String className, String name) {
            try {
                Field f = Class.forName(className, false, null).getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** {@code field} of {@code target}, or null when it is not one of that field's class, or unreadable. */
        Object read(Field field, Object target) {
            Field f = field;
            if (field == conditionLock && longConditionLock != null
                    && longConditionLock.getDeclaringClass().isInstance(target)) {
                f = longConditionLock;
            }
            if (f == null || target == null || !f.getDeclaringClass().isInstance(target)) {
                return null;
            }
            try {
                return f.get(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    /** A pool worker's pool: its task is a {@code ThreadPoolExecutor$Worker}, whose outer instance is the pool. */
    private static final class PoolWorkers {
        private final Field target;
        private final Field holder;
        private final Field holderTask;
        private final Field outer;

        private PoolWorkers(Field target, Field holder, Field holderTask, Field outer) {
            this.target = target;
            this.holder = holder;
            this.holderTask = holderTask;
            this.outer = outer;
        }

        static PoolWorkers open(JdkAccess jdk) {
            try {
                jdk.allow("java.lang", true);
                jdk.allow("java.util.concurrent", true);
                Class<?> worker = Class.forName("java.util.concurrent.ThreadPoolExecutor$Worker");
                Field outer = accessible(worker.getDeclaredField("this$0"));
                try {
                    return new PoolWorkers(accessible(Thread.class.getDeclaredField("target")), null, null, outer);
                } catch (NoSuchFieldException jdk21) {
                    Field holder = accessible(Thread.class.getDeclaredField("holder"));
                    Field task = accessible(holder.getType().getDeclaredField("task"));
                    return new PoolWorkers(null, holder, task, outer);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new PoolWorkers(null, null, null, null);
            }
        }

        ThreadPoolExecutor poolOf(Thread t) {
            if (outer == null) {
                return null;
            }
            try {
                Object task = target != null ? target.get(t) : holderTask.get(holder.get(t));
                if (task != null && task.getClass() == outer.getDeclaringClass()) {
                    return outer.get(task) instanceof ThreadPoolExecutor pool ? pool : null;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a pool worker we can read
            }
            return null;
        }

        private static Field accessible(Field f) {
            f.setAccessible(true);
            return f;
        }
    }
}
