package dev.threadleak.agent.weaving;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The weaving done with ASM, for the classes {@link ClassFilePatch} leaves alone: one that comes
 * without stack map frames (a class retransformed on JDK 17, JDK-8228604), whose changed methods
 * get their frames computed ({@link FramesOfLoadedClasses}), or a method of a shape the patch does
 * not handle. Kept apart from {@link HookWeaver} so that loading the weaver loads no ASM class:
 * a JVM whose woven classes all take the patch never loads ASM at all.
 */
final class AsmWeaving {

    private AsmWeaving() {
    }

    /** The class with the hooks of {@code points} woven in: see {@link HookWeaver} for where and how. */
    static byte[] weave(byte[] bytes, List<HookPoint> points) {
        ClassReader reader = new ClassReader(bytes);
        boolean framed = hasFrames(reader);
        ClassWriter writer = framed ? new ClassWriter(reader, ClassWriter.COMPUTE_MAXS)
                : new FramesOfLoadedClasses(reader);
        reader.accept(new Weaving(writer, points), framed ? 0 : ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
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
                switch (load.kind()) {
                    case HookPoint.Load.THIS -> super.visitVarInsn(Opcodes.ALOAD, 0);
                    case HookPoint.Load.ARG -> super.visitVarInsn(Opcodes.ALOAD, load.slot());
                    case HookPoint.Load.INT_ARG -> super.visitVarInsn(Opcodes.ILOAD, load.slot());
                    case HookPoint.Load.LONG_ARG -> super.visitVarInsn(Opcodes.LLOAD, load.slot());
                    case HookPoint.Load.INT_CONST -> pushInt((int) load.value());
                    case HookPoint.Load.LONG_CONST -> pushLong(load.value());
                    case HookPoint.Load.FIELD -> getField(load);
                    case HookPoint.Load.FIELD_OR_NULL -> {
                        if (fields.contains(load.name() + load.descriptor())) {
                            getField(load);
                        } else {
                            super.visitInsn(Opcodes.ACONST_NULL);
                        }
                    }
                    default -> super.visitInsn(Opcodes.DUP); // the return value, left on the stack for the return
                }
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HookWeaver.HOOKS, point.hook(), point.hookDescriptor(), false);
        }

        private void getField(HookPoint.Load field) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, field.owner(), field.name(), field.descriptor());
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
