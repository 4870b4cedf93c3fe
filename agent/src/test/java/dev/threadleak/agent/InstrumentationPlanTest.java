package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.bootstrap.Hooks;
import dev.threadleak.agent.weaving.HookPoint;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/**
 * What the agent weaves into the JDK. A woven call to a hook that {@code Hooks} lacks would throw
 * {@code NoSuchMethodError} inside {@code Thread.start} or a pool's {@code execute} of the
 * application: every point must name a public static hook with the arguments it pushes.
 */
class InstrumentationPlanTest {

    @Test
    void everyPointCallsAPublicStaticHookThatTakesWhatThePointPushes() {
        List<String> missing = new ArrayList<>();
        for (HookPoint p : InstrumentationPlan.of(true, true).points()) {
            Method hook = hook(p.hook(), p.hookDescriptor());
            if (hook == null || !Modifier.isStatic(hook.getModifiers())) {
                missing.add(p.owner() + "." + p.method() + " -> Hooks." + p.hook() + p.hookDescriptor());
            } else {
                assertEquals(hook.getParameterCount(), p.loads().size(), "arguments pushed for " + p);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theOptionsDecideWhichFeaturesAreWoven() {
        assertEquals(List.of("threads", "virtual threads", "executors", "waits"), names(InstrumentationPlan.of(true, true)));

        InstrumentationPlan bare = InstrumentationPlan.of(false, false);
        assertEquals(List.of("threads", "executors"), names(bare));
        Set<String> owners = new TreeSet<>();
        Set<String> hooks = new TreeSet<>();
        for (HookPoint p : bare.points()) {
            owners.add(p.owner());
            hooks.add(p.hook());
        }
        assertFalse(owners.contains("java/lang/VirtualThread"), "virtual-threads=false weaves no VirtualThread");
        assertFalse(owners.contains("java/util/concurrent/ArrayBlockingQueue"), "queues=false weaves no queue");
        assertTrue(hooks.containsAll(Set.of("threadStarting", "threadEnded", "executorCreated", "taskSubmitted")),
                "threads and executors are always woven: " + hooks);
        assertTrue(hooks.stream().noneMatch(h -> h.startsWith("wait") || h.equals("channelPart")), hooks.toString());
    }

    private static Method hook(String name, String descriptor) {
        for (Method m : Hooks.class.getMethods()) {
            if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    private static List<String> names(InstrumentationPlan plan) {
        return plan.features().stream().map(InstrumentationPlan.Feature::name).toList();
    }
}
