package dev.threadleak.agent.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Inserts one static call at the entry of a few JDK methods: {@code Hooks.x(this, args...)}.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: measured here, loading and
 * running them to weave the same five methods cost about 380 ms of JVM start-up (a thousand
 * classes), and every forked test JVM of our users pays it. A call at method entry adds no branch
 * and no local, so the existing stack map frames stay valid and ASM needs no class hierarchy
 * ({@code COMPUTE_MAXS} only): no class is loaded while we weave, which also rules out the
 * class-circularity trap of jvm-notes. The hook itself catches every Throwable.
 *
 * <p>The transformer stays registered: if another agent retransforms these classes later, the
 * JVM reruns it and our calls survive.
 */
public final class EntryHookWeaver implements ClassFileTransformer {

    private static final String HOOKS = "dev/threadleak/agent/bootstrap/Hooks";

    private final Map<String, List<HookPoint>> byOwner;
    private final Set<String> woven = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    public EntryHookWeaver(List<HookPoint> points) {
        this.byOwner = points.stream().collect(Collectors.groupingBy(HookPoint::owner));
    }

    /** Registers the weaver and retransforms those of {@code classes} that are loaded. */
    public void install(Instrumentation inst, List<Class<?>> classes) {
        inst.addTransformer(this, true);
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : classes) {
            if (inst.isModifiableClass(c)) {
                targets.add(c);
            }
        }
        try {
            inst.retransformClasses(targets.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            errors.add("retransforming " + targets + ": " + e);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        List<HookPoint> points = className == null ? null : byOwner.get(className);
        if (points == null) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new Weaving(writer, points), 0);
            woven.add(className.replace('/', '.'));
            return writer.toByteArray();
        } catch (Throwable e) {
            errors.add(className + ": " + e);
            return null;
        }
    }

    /** The classes (dotted names) woven so far: the self-check compares them with what it expects. */
    public boolean woven(String className) {
        return woven.contains(className);
    }

    public List<String> errors() {
        return errors;
    }

    private static final class Weaving extends ClassVisitor {
        private final List<HookPoint> points;

        Weaving(ClassVisitor next, List<HookPoint> points) {
            super(Opcodes.ASM9, next);
            this.points = points;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return mv;
            }
            for (HookPoint point : points) {
                if (point.matches(name, descriptor)) {
                    return new EntryCall(mv, point);
                }
            }
            return mv;
        }
    }

    private static final class EntryCall extends MethodVisitor {
        private final HookPoint point;

        EntryCall(MethodVisitor next, HookPoint point) {
            super(Opcodes.ASM9, next);
            this.point = point;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            for (int i = 1; i <= point.arguments(); i++) {
                super.visitVarInsn(Opcodes.ALOAD, i);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, point.hook(), point.hookDescriptor(), false);
        }
    }
}
