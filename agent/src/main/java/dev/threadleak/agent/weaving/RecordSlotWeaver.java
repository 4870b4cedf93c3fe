package dev.threadleak.agent.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Gives each virtual thread a slot for its record: as {@code java.lang.VirtualThread$VThreadContinuation}
 * loads (with the first virtual thread made, after {@code premain}; a loaded class can be
 * retransformed but not given a field), it is made to implement {@code bootstrap.RecordSlot} with
 * one private field behind it, and given a static initializer that hands its lookup to
 * {@code Hooks.virtualThreadAccess}: a nestmate of {@code VirtualThread}, it may read the private
 * {@code cont} field, and so the agent can find a thread's slot without opening {@code java.lang}.
 *
 * <p>Matched defensively (JDK 21's class was not run here): only that name, from the boot loader,
 * extending {@code jdk.internal.vm.Continuation}, on its first load. Anything else is left as it is
 * and the records stay in the registry's map. Registered as not retransformable: the JVM keeps
 * these bytes as the base of any later retransformation by another agent, so the field survives it.
 */
public final class RecordSlotWeaver implements ClassFileTransformer {

    /** The continuation class, internal name. */
    public static final String CONTINUATION = "java/lang/VirtualThread$VThreadContinuation";
    private static final String CONTINUATION_SUPER = "jdk/internal/vm/Continuation";
    private static final String SLOT = "dev/threadleak/agent/bootstrap/RecordSlot";
    private static final String FIELD = "threadleak$record";
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";

    private RecordSlotWeaver() {
    }

    /** Registers the weaver; it acts only if the continuation class loads from now on. */
    public static void install(Instrumentation inst) {
        inst.addTransformer(new RecordSlotWeaver(), false);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (loader != null || redefined != null || !CONTINUATION.equals(className)) {
            return null;
        }
        try {
            return Slot.weave(bytes);
        } catch (Throwable e) {
            return null; // left as it is: no slot, and the records stay in the registry's map
        }
    }

    /** Adds the interface, the field, its two accessors and the lookup's hand-over; copies the rest. */
    private static final class Slot extends ClassVisitor {
        private String owner;
        private boolean hasInitializer;

        Slot(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        /**
         * Here, not in {@code transform}: verifying a method that passes a {@code Slot} as a
         * {@code ClassVisitor} loads both, and the weaver is installed under {@code premain},
         * long before the first virtual thread (if any) needs ASM.
         */
        static byte[] weave(byte[] bytes) {
            ClassReader reader = new ClassReader(bytes);
            if (!CONTINUATION_SUPER.equals(reader.getSuperName())) {
                return null;
            }
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new Slot(writer), 0);
            return writer.toByteArray();
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            String[] more = new String[interfaces == null ? 1 : interfaces.length + 1];
            if (interfaces != null) {
                System.arraycopy(interfaces, 0, more, 0, interfaces.length);
            }
            more[more.length - 1] = SLOT;
            super.visit(version, access, name, signature, superName, more);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals("<clinit>")) {
                return mv;
            }
            hasInitializer = true;
            return new MethodVisitor(Opcodes.ASM9, mv) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    handOverLookup(this);
                }
            };
        }

        @Override
        public void visitEnd() {
            super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, FIELD, OBJECT, null, null).visitEnd();
            MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC, "threadleakRecord", "()" + OBJECT, null, null);
            get.visitCode();
            get.visitVarInsn(Opcodes.ALOAD, 0);
            get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, OBJECT);
            get.visitInsn(Opcodes.ARETURN);
            get.visitMaxs(0, 0);
            get.visitEnd();
            MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC, "threadleakRecord", "(" + OBJECT + ")V", null,
                    null);
            set.visitCode();
            set.visitVarInsn(Opcodes.ALOAD, 0);
            set.visitVarInsn(Opcodes.ALOAD, 1);
            set.visitFieldInsn(Opcodes.PUTFIELD, owner, FIELD, OBJECT);
            set.visitInsn(Opcodes.RETURN);
            set.visitMaxs(0, 0);
            set.visitEnd();
            if (!hasInitializer) {
                MethodVisitor init = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
                init.visitCode();
                handOverLookup(init);
                init.visitInsn(Opcodes.RETURN);
                init.visitMaxs(0, 0);
                init.visitEnd();
            }
            super.visitEnd();
        }

        /** {@code Hooks.virtualThreadAccess(MethodHandles.lookup())}: the hook catches everything. */
        private static void handOverLookup(MethodVisitor mv) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()L" + LOOKUP + ";",
                    false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookWeaver.HOOKS, "virtualThreadAccess", "(L" + LOOKUP + ";)V",
                    false);
        }
    }
}
