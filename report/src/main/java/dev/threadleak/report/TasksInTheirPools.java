package dev.threadleak.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a report's unfinished tasks inside the finding of their executor when that executor is a
 * leak of the same report: an unclosed server is one leak (its pool never shut down, with the
 * accept loop running in it), not two, and the fix is one. A task keeps a finding of its own when
 * its pool is not a leak there (a shared pool made before the scope), when it will never run, or
 * when it was cancelled: each of those says something of the task the pool's finding would not.
 */
final class TasksInTheirPools {

    private TasksInTheirPools() {
    }

    /** {@code leaks}, each executor with the tasks told inside it, which then stand no more on their own. */
    static List<Leak> fold(List<Leak> leaks) {
        Set<String> pools = new HashSet<>();
        for (Leak leak : leaks) {
            if (takesTasks(leak)) {
                pools.add(leak.executor().identity());
            }
        }
        Map<String, List<Leak>> told = new HashMap<>();
        List<Leak> result = new ArrayList<>(leaks.size());
        for (Leak leak : leaks) {
            if (tellable(leak) && pools.contains(leak.task().executor())) {
                told.computeIfAbsent(leak.task().executor(), pool -> new ArrayList<>()).add(leak);
            } else {
                result.add(leak);
            }
        }
        if (told.isEmpty()) {
            return leaks;
        }
        for (int i = 0; i < result.size(); i++) {
            Leak leak = result.get(i);
            // remove: should one executor be found twice, its tasks are told once
            List<Leak> its = takesTasks(leak) ? told.remove(leak.executor().identity()) : null;
            if (its != null) {
                result.set(i, withTasks(leak, its));
            }
        }
        return result;
    }

    /**
     * A live executor found leaked: what runs or waits in it is its own doing. Alone, not a group
     * (a report read back, or judged again, is grouped already): a group's identity is one member's.
     */
    private static boolean takesTasks(Leak leak) {
        return leak.kind() == LeakKind.EXECUTOR && leak.count() == 1 && leak.verdict() == Verdict.LEAKED
                && leak.executor() != null && "running".equals(leak.executor().state());
    }

    /** Queued or running, for no reason of its own: no cancellation asked, nothing lost. */
    private static boolean tellable(Leak leak) {
        TaskInfo task = leak.task();
        return leak.kind() == LeakKind.TASK && leak.count() == 1 && leak.verdict() == Verdict.LEAKED && task != null
                && task.executor() != null && task.cancelledWith() == null && task.cancelledAgoMillis() == null
                && ("running".equals(task.state()) || "queued".equals(task.state()) || "starting".equals(task.state()));
    }

    /** Running tasks first: the stack the executor's finding shows is the first of them's. */
    private static Leak withTasks(Leak executor, List<Leak> tasks) {
        List<TaskInfo> running = new ArrayList<>();
        List<TaskInfo> queued = new ArrayList<>();
        Leak nowAt = executor;
        for (Leak task : tasks) {
            Frame at = Frame.applicationFrame(task.createdAt());
            TaskInfo info = task.task().withSubmission(at != null || task.createdAt().isEmpty() ? at
                    : task.createdAt().get(0), task.createdBy());
            if ("running".equals(info.state())) {
                running.add(info);
                nowAt = nowAt.stack().isEmpty() ? task : nowAt;
            } else {
                queued.add(info);
            }
        }
        running.addAll(queued);
        return executor.withExecutor(executor.executor().withTasks(running), nowAt.stack(), nowAt.currentStackCut());
    }
}
