package dev.threadleak.agent.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Inserts one static call at the entry, or before each normal return, of a few JDK methods:
 * {@code Hooks.x(this, args...)}.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: measured here, loading and
 * running them to weave the same five methods cost about 380 ms of JVM start-up (a thousand
 * classes), and every forked test JVM of our users pays it. A call at method entry or before a
 * return adds no branch and no local, so the stack map frames a class comes with stay valid, and
 * the call can be patched into the class file's bytes ({@link ClassFilePatch}): loading ASM and
 * running it, interpreted, on {@code Thread}, {@code Object} and {@code AbstractQueuedSynchronizer}
 * was a quarter of {@code premain}. ASM ({@link AsmWeaving}) weaves what the patch leaves alone.
 * On JDK 17 a class that did not come from the class-data-sharing archive is handed to a
 * retransformation without any frames (JDK-8228604), and a changed method without frames made
 * HotSpot 17 fail to map the oops of its interpreted frames: a fatal error in the next GC, seen
 * with a thread in {@code Condition.awaitUninterruptibly}. The patch leaves such a method to ASM,
 * which computes the frames of the methods it changes ({@link FramesOfLoadedClasses}); methods we
 * do not change are copied as they are. The hook itself catches every Throwable.
 *
 * <p>The transformer stays registered: if another agent retransforms these classes later, the
 * JVM reruns it and our calls survive.
 */
public final class HookWeaver implements ClassFileTransformer {

    /** Internal name of the class every woven call goes to; {@link RecordSlotWeaver} calls it too. */
    static final String HOOKS = "dev/threadleak/agent/bootstrap/Hooks";

    private final Map<String, List<HookPoint>> byOwner;
    private final Set<String> woven = ConcurrentHashMap.newKeySet();
    private final Set<String> retransformed = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    public HookWeaver(List<HookPoint> points) {
        // A loop, not a stream: streams and lambdas load a few hundred JDK classes at premain.
        Map<String, List<HookPoint>> grouped = new LinkedHashMap<>();
        for (HookPoint point : points) {
            List<HookPoint> same = grouped.get(point.owner());
            if (same == null) {
                same = new ArrayList<>();
                grouped.put(point.owner(), same);
            }
            same.add(point);
        }
        this.byOwner = grouped;
    }

    /**
     * Registers the weaver, then retransforms the classes a point names that are already loaded.
     * The others are woven when they load, before their first use: a JVM that never makes a
     * {@code Phaser} neither loads nor weaves it, and start-up pays only for what is in use.
     */
    public void install(Instrumentation inst) {
        install(inst, Set.of());
    }

    /**
     * The same, but leaves the loaded classes named in {@code deferred} (dotted names) as they are
     * until {@link #weaveNow} is called for them.
     */
    public void install(Instrumentation inst, Set<String> deferred) {
        inst.addTransformer(this, true);
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && byOwner.containsKey(c.getName().replace('.', '/'))
                    && !deferred.contains(c.getName()) && inst.isModifiableClass(c)) {
                targets.add(c);
                retransformed.add(c.getName());
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(targets.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            errors.add("retransforming " + targets + ": " + e);
        }
    }

    /**
     * Retransforms the JDK class named {@code className} (dotted), if not woven yet. It is found by
     * name from the boot loader, not among every loaded class: by the first virtual thread, the
     * caller of this, thousands are loaded, and the one asked for is loaded already.
     */
    public void weaveNow(Instrumentation inst, String className) {
        if (woven.contains(className)) {
            return;
        }
        Class<?> c;
        try {
            c = Class.forName(className, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return; // not in this JDK: nothing to weave
        }
        if (!inst.isModifiableClass(c)) {
            return;
        }
        retransformed.add(className);
        try {
            inst.retransformClasses(c);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            errors.add("retransforming " + className + ": " + e);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        List<HookPoint> points = className == null || loader != null ? null : byOwner.get(className);
        if (points == null) {
            return null;
        }
        try {
            byte[] result = weave(bytes, points);
            woven.add(className.replace('/', '.'));
            return result == bytes ? null : result;
        } catch (Throwable e) {
            errors.add(className + ": " + e);
            return null;
        }
    }

    /**
     * The patch of the class file's bytes first ({@link ClassFilePatch}); ASM only for what the
     * patch leaves alone, or throws on: loading ASM costs a JVM about 30 classes.
     */
    private static byte[] weave(byte[] bytes, List<HookPoint> points) {
        byte[] patched;
        try {
            patched = ClassFilePatch.weave(bytes, points);
        } catch (RuntimeException e) {
            patched = null;
        }
        return patched != null ? patched : AsmWeaving.weave(bytes, points);
    }

    /** The classes (dotted names) woven so far: the self-check compares them with what it expects. */
    public boolean woven(String className) {
        return woven.contains(className);
    }

    /** Whether {@code className} was loaded when the weaver was installed, but is not woven. */
    public boolean missed(String className) {
        return retransformed.contains(className) && !woven.contains(className);
    }

    public List<String> errors() {
        return errors;
    }

}
