package dev.threadleak.agent.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The only class that advice inlined into {@code java.lang} calls. It is defined in the bootstrap
 * class loader (advice in {@code java.lang.Thread} sees nothing else), uses only JDK types, and
 * forwards to listeners that the agent installs from its own class loader. Every call swallows
 * every Throwable: a bug of ours must never become an exception in the application's thread.
 */
public final class Hooks {

    private static final String CONTINUATION_CLASS = "java.lang.VirtualThread$VThreadContinuation";

    private static volatile ThreadListener threads;
    private static volatile ExecutorListener executors;
    private static volatile WaitListener waits;
    private static volatile Runnable beforeFirstVirtualThread;
    private static volatile boolean virtualThreadsReady;

    private Hooks() {
    }

    public static void install(ThreadListener listener) {
        threads = listener;
    }

    public static void install(ExecutorListener listener) {
        executors = listener;
    }

    public static void install(WaitListener listener) {
        waits = listener;
    }

    /** Runs once, before the first virtual thread is made (see {@link #virtualThreadsComing}). */
    public static void beforeFirstVirtualThread(Runnable action) {
        beforeFirstVirtualThread = action;
    }

    /**
     * Called where virtual threads are made ({@code Thread.startVirtualThread}, a virtual thread
     * builder's constructor): the first call runs the installed action (the agent weaves
     * {@code VirtualThread} then, not at start-up) and every caller waits until it is done, so
     * that no virtual thread starts unseen. Later calls cost a volatile read.
     */
    public static void virtualThreadsComing() {
        if (virtualThreadsReady) {
            return;
        }
        synchronized (Hooks.class) {
            Runnable action = beforeFirstVirtualThread;
            if (virtualThreadsReady || action == null) {
                return;
            }
            try {
                action.run();
            } catch (Throwable ignored) {
                // never break the host
            }
            virtualThreadsReady = true;
        }
    }

    public static void threadStarting(Thread thread) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.starting(thread);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    /** A virtual thread's start, with its continuation: where its record is kept if that is a {@link RecordSlot}. */
    public static void virtualThreadStarting(Thread thread, Object continuation) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.startingVirtual(thread, continuation);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    /** A virtual thread's end, on its carrier, with its continuation. */
    public static void virtualThreadEnded(Thread thread, Object continuation) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.endedVirtual(thread, continuation);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    /**
     * Called once, from the static initializer the agent adds to a virtual thread's continuation
     * class, with that class's lookup: what lets the agent read a virtual thread's continuation,
     * a private field of its nest host, without opening {@code java.lang} to anyone. The lookup
     * grants all of {@code java.lang}'s private access and this method is public, as every hook
     * is: only the woven class's own lookup is taken, and only the getter of that one field made
     * from it leaves this method, never the lookup.
     */
    public static void virtualThreadAccess(MethodHandles.Lookup lookup) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                Class<?> from = lookup.lookupClass();
                if (from.getClassLoader() == null && from.getName().equals(CONTINUATION_CLASS)
                        && (lookup.lookupModes() & MethodHandles.Lookup.PRIVATE) != 0) {
                    Class<?> virtualThread = from.getNestHost();
                    Class<?> type = virtualThread.getDeclaredField("cont").getType();
                    listener.continuationGetter(lookup.findGetter(virtualThread, "cont", type)
                            .asType(MethodType.methodType(Object.class, Thread.class)));
                }
            } catch (Throwable ignored) {
                // never break the host: no getter, every virtual thread's record stays in the map
            }
        }
    }

    public static void threadEnded(Thread thread) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.ended(thread);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadInterrupted(Thread thread) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.interrupted(thread);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadUncaught(Thread thread, Throwable exception) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.uncaught(thread, exception);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadSleeps(long nanos) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.sleeping(nanos);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void threadSleepsFor(long millis, int nanos) {
        ThreadListener listener = threads;
        if (listener != null) {
            try {
                listener.sleepingFor(millis, nanos);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void executorCreated(Object executor) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.executorCreated(executor);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void poolWorker(Object executor, Thread worker) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.poolWorker(executor, worker);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void workerGivenTask(Object executor, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.workerGivenTask(executor, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void executorWrapped(Object wrapper, Object executor) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.executorWrapped(wrapper, executor);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void executorShutdown(Object executor) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.executorShutdown(executor);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void executorShutdownNow(Object executor) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.executorShutdownNow(executor);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void tasksDropped(List<?> tasks, Object executor) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.tasksDropped(tasks, executor);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void taskWrapped(Object wrapper, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskWrapped(wrapper, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void taskSubmitted(Object executor, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskSubmitted(executor, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void taskStarted(Object executor, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskStarted(executor, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void taskEnded(Object executor, Object task, Throwable thrown) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskEnded(executor, task, thrown);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    /** A {@code TimerTask}'s cancel: it interrupts nothing, and there is no runner to read. */
    public static void taskCancelled(Object task, boolean mayInterrupt) {
        taskCancelled(task, mayInterrupt, null);
    }

    public static void taskCancelled(Object task, boolean mayInterrupt, Thread runner) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskCancelled(task, mayInterrupt, runner);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void taskRejected(Object executor, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.taskRejected(executor, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void asyncTaskSubmitted(Object executor, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.asyncTaskSubmitted(executor, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void forkJoinTaskWrapped(Object wrapper, Object code) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.forkJoinTaskWrapped(wrapper, code);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void forkJoinTaskSubmitted(Object pool, Object task) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.forkJoinTaskSubmitted(pool, task);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void forkJoinTaskRuns(Object task, boolean begins) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.forkJoinTaskRuns(task, begins);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void asyncTaskRuns(Object task, boolean begins) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.asyncTaskRuns(task, begins);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void timerTaskScheduled(Object timer, Object task, long period) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.timerTaskScheduled(timer, task, period);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void timerTaskDue(Object queue, boolean again) {
        ExecutorListener listener = executors;
        if (listener != null) {
            try {
                listener.timerTaskDue(queue, again);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void waitBegins(Object on, int kind, long timeoutNanos) {
        WaitListener listener = waits;
        if (listener != null) {
            try {
                listener.waitBegins(on, kind, timeoutNanos);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void waitBeginsTimed(Object on, int kind, boolean timed, long nanos) {
        WaitListener listener = waits;
        if (listener != null) {
            try {
                listener.waitBegins(on, kind, timed, nanos);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void waitBeginsTimed(Object on, int kind, boolean interruptible, boolean timed, long nanos) {
        WaitListener listener = waits;
        if (listener != null) {
            try {
                listener.waitBegins(on, kind, interruptible, timed, nanos);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void waitEnds() {
        WaitListener listener = waits;
        if (listener != null) {
            try {
                listener.waitEnds();
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }

    public static void channelPart(Object channel, Object part) {
        WaitListener listener = waits;
        if (listener != null) {
            try {
                listener.channelPart(channel, part);
            } catch (Throwable ignored) {
                // never break the host
            }
        }
    }
}
