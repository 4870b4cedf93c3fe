package dev.threadleak.agent.threads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CurrentStacksTest {

    @Test
    void aWorkerCaughtInsideAHookShowsTheJdkFrameThatCalledItOnTop() {
        StackTraceElement[] stack = {
                frame("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", "isPeriodic"),
                frame("dev.threadleak.agent.executors.ExecutorRegistry", "taskEnded"),
                frame("dev.threadleak.agent.bootstrap.Hooks", "taskEnded"),
                frame("java.util.concurrent.ThreadPoolExecutor", "afterExecute"),
                frame("java.util.concurrent.ThreadPoolExecutor", "runWorker"),
                frame("java.lang.Thread", "run"),
        };

        assertArrayEquals(new StackTraceElement[] {stack[3], stack[4], stack[5]}, CurrentStacks.withoutAgentFrames(stack));
    }

    @Test
    void aStackWithoutAHookIsKeptWhole() {
        StackTraceElement[] stack = {
                frame("dev.threadleak.agent.programs.LeakyThreadProgram", "work"),
                frame("java.lang.Thread", "run"),
        };

        assertArrayEquals(stack, CurrentStacks.withoutAgentFrames(stack));
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }
}
