package dev.threadleak.agent.threads;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every live thread of the JVM, virtual ones included. {@code Thread.getAllStackTraces()} lists no
 * virtual threads; on JDK 21+ the JDK's thread containers ({@code jdk.internal.vm.ThreadContainers},
 * which track every thread while {@code jdk.trackAllThreads} is on, the default) do. We use them
 * only to find threads we did not see start: those that predate a late attach.
 */
public final class AllThreads {

    private final Method root;
    private final Method children;
    private final Method threads;

    private AllThreads(Method root, Method children, Method threads) {
        this.root = root;
        this.children = children;
        this.threads = threads;
    }

    /** Opens {@code jdk.internal.vm} to us where it exists; never fails, at worst sees platform threads only. */
    public static AllThreads open(Instrumentation inst) {
        try {
            Module javaBase = Object.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.vm", Set.of(AllThreads.class.getModule())),
                    Map.of(), Set.of(), Map.of());
            Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
            Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
            return new AllThreads(containers.getMethod("root"), container.getMethod("children"),
                    container.getMethod("threads"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new AllThreads(null, null, null); // JDK 17, or a JDK that moved them
        }
    }

    public boolean seesVirtualThreads() {
        return root != null;
    }

    /** Live platform threads, and on JDK 21+ live virtual threads. */
    public List<Thread> live() {
        List<Thread> result = new ArrayList<>(Thread.getAllStackTraces().keySet());
        if (root != null) {
            try {
                collectVirtual(root.invoke(null), result);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // seen platform threads only; the report says what it could not see
            }
        }
        return result;
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
