package dev.threadleak.agent.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Inserts one static call at the entry, or before each normal return, of a few JDK methods:
 * {@code Hooks.x(this, args...)}.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: measured here, loading and
 * running them to weave the same five methods cost about 380 ms of JVM start-up (a thousand
 * classes), and every forked test JVM of our users pays it. A call at method entry or before a
 * return adds no branch and no local, so the stack map frames a class comes with stay valid and
 * ASM needs no class hierarchy. But on JDK 17 a class that did not come from the class-data-sharing
 * archive is handed to a retransformation without any frames (JDK-8228604), and a changed method
 * without frames made HotSpot 17 fail to map the oops of its interpreted frames: a fatal error in
 * the next GC, seen with a thread in {@code Condition.awaitUninterruptibly}. A class without frames
 * gets the frames of its changed methods computed ({@link FramesOfLoadedClasses}); methods we do
 * not change are copied as they are. The hook itself catches every Throwable.
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
            ClassReader reader = new ClassReader(bytes);
            boolean framed = hasFrames(reader);
            ClassWriter writer = framed ? new ClassWriter(reader, ClassWriter.COMPUTE_MAXS)
                    : new FramesOfLoadedClasses(reader);
            reader.accept(new Weaving(writer, points), framed ? 0 : ClassReader.SKIP_FRAMES);
            woven.add(className.replace('/', '.'));
            return writer.toByteArray();
        } catch (Throwable e) {
            errors.add(className + ": " + e);
            return null;
        }
    }

    /**
     * Whether the class file carries stack map frames: a class retransformed on JDK 17 may not
     * (JDK-8228604). Read from the class file's layout, looking for a {@code StackMapTable} in
     * any method's {@code Code}: a visit of every instruction would cost each start-up a few
     * milliseconds of interpreted ASM on {@code Thread} alone.
     */
    static boolean hasFrames(ClassReader reader) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6; // access flags, this class, super class
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        offset = skipMembers(reader, offset); // fields
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        for (int m = 0; m < methods; m++) {
            int attributes = reader.readUnsignedShort(offset + 6); // after access flags, name, descriptor
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                if ("Code".equals(reader.readUTF8(offset, buffer)) && codeHasFrames(reader, offset + 6, buffer)) {
                    return true;
                }
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return false;
    }

    /** Skips a field or method table: a count, then each member's six bytes and its attributes. */
    private static int skipMembers(ClassReader reader, int offset) {
        int members = reader.readUnsignedShort(offset);
        offset += 2;
        for (int m = 0; m < members; m++) {
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return offset;
    }

    /** Whether the body of a {@code Code} attribute, at {@code offset}, has a {@code StackMapTable}. */
    private static boolean codeHasFrames(ClassReader reader, int offset, char[] buffer) {
        offset += 4; // max stack, max locals
        offset += 4 + reader.readInt(offset); // code
        offset += 2 + 8 * reader.readUnsignedShort(offset); // exception table
        int attributes = reader.readUnsignedShort(offset);
        offset += 2;
        for (int a = 0; a < attributes; a++) {
            if ("StackMapTable".equals(reader.readUTF8(offset, buffer))) {
                return true;
            }
            offset += 6 + reader.readInt(offset + 2);
        }
        return false;
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

    private static final class Weaving extends ClassVisitor {
        private final List<HookPoint> points;
        /** The fields the class declares, as name and descriptor: ASM visits them before any method. */
        private final Set<String> fields = new HashSet<>();

        Weaving(ClassVisitor next, List<HookPoint> points) {
            super(Opcodes.ASM9, next);
            this.points = points;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                       Object value) {
            fields.add(name + descriptor);
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return mv;
            }
            boolean isPublic = (access & Opcodes.ACC_PUBLIC) != 0;
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            // Wrapped last to first, so that hooks on one method run in the order they are listed.
            for (int i = points.size() - 1; i >= 0; i--) {
                if (points.get(i).matches(name, descriptor, isPublic, isStatic)) {
                    mv = new HookCall(mv, points.get(i), fields);
                }
            }
            return mv;
        }
    }

    private static final class HookCall extends MethodVisitor {
        private final HookPoint point;
        private final Set<String> fields;

        HookCall(MethodVisitor next, HookPoint point, Set<String> fields) {
            super(Opcodes.ASM9, next);
            this.point = point;
            this.fields = fields;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!point.atExit()) {
                call();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (point.atExit() && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                call();
            }
            super.visitInsn(opcode);
        }

        private void call() {
            for (HookPoint.Load load : point.loads()) {
                if (load instanceof HookPoint.This) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                } else if (load instanceof HookPoint.Arg arg) {
                    super.visitVarInsn(Opcodes.ALOAD, arg.slot());
                } else if (load instanceof HookPoint.IntArg arg) {
                    super.visitVarInsn(Opcodes.ILOAD, arg.slot());
                } else if (load instanceof HookPoint.LongArg arg) {
                    super.visitVarInsn(Opcodes.LLOAD, arg.slot());
                } else if (load instanceof HookPoint.IntConst c) {
                    pushInt(c.value());
                } else if (load instanceof HookPoint.LongConst c) {
                    pushLong(c.value());
                } else if (load instanceof HookPoint.Field field) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, field.owner(), field.name(), field.descriptor());
                } else if (load instanceof HookPoint.FieldOrNull field) {
                    if (fields.contains(field.name() + field.descriptor())) {
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                        super.visitFieldInsn(Opcodes.GETFIELD, field.owner(), field.name(), field.descriptor());
                    } else {
                        super.visitInsn(Opcodes.ACONST_NULL);
                    }
                } else {
                    super.visitInsn(Opcodes.DUP); // the return value, left on the stack for the return
                }
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, point.hook(), point.hookDescriptor(), false);
        }

        /**
         * As javac would: no constant-pool entry for a small int. A retransformation merges the
         * class's old and new constant pools; an {@code ldc} whose merged index passes 255 must be
         * widened in place, and HotSpot 17's interpreter then failed to map that method's oops (a
         * fatal error in a GC, seen in {@code ConditionObject.awaitUninterruptibly}).
         */
        private void pushInt(int value) {
            if (value >= -1 && value <= 5) {
                super.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
                super.visitIntInsn(Opcodes.BIPUSH, value);
            } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
                super.visitIntInsn(Opcodes.SIPUSH, value);
            } else {
                super.visitLdcInsn(value);
            }
        }

        /** The same for a long: {@code ldc2_w} always has a wide index, and small values need none. */
        private void pushLong(long value) {
            if (value == 0 || value == 1) {
                super.visitInsn(Opcodes.LCONST_0 + (int) value);
            } else if (value >= -1 && value <= 5) {
                pushInt((int) value);
                super.visitInsn(Opcodes.I2L);
            } else {
                super.visitLdcInsn(value);
            }
        }
    }
}
