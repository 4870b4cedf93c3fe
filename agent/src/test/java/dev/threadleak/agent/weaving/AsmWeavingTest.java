package dev.threadleak.agent.weaving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class AsmWeavingTest {

    /** The JDK classes the agent weaves at start-up, and some with fields, interfaces and no branches. */
    private static final String[] CLASSES = {"java/lang/Thread", "java/lang/Object",
            "java/util/concurrent/locks/AbstractQueuedSynchronizer", "java/lang/String", "java/lang/Runnable",
            "java/util/concurrent/ThreadPoolExecutor", "java/lang/Void"};

    @Test
    void readsFramesFromTheLayoutAsAVisitOfEveryInstructionWould() throws IOException {
        for (String name : CLASSES) {
            ClassReader reader = new ClassReader(bytesOf(name));
            assertEquals(visitedFrames(reader), AsmWeaving.hasFrames(reader), name);
        }
        assertTrue(AsmWeaving.hasFrames(new ClassReader(bytesOf("java/lang/Thread"))));
        assertFalse(AsmWeaving.hasFrames(new ClassReader(bytesOf("java/lang/Void"))), "no branch, no frame");
    }

    @Test
    void seesNoFramesInAClassThatLostThem() throws IOException {
        ClassReader framed = new ClassReader(bytesOf("java/lang/Thread"));
        ClassWriter writer = new ClassWriter(0);
        framed.accept(writer, ClassReader.SKIP_FRAMES); // as JDK 17 hands some classes to a retransformation
        ClassReader frameless = new ClassReader(writer.toByteArray());
        assertFalse(visitedFrames(frameless));
        assertFalse(AsmWeaving.hasFrames(frameless));
    }

    private static boolean visitedFrames(ClassReader reader) {
        boolean[] found = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFrame(int type, int locals, Object[] local, int stack, Object[] stackTypes) {
                        found[0] = true;
                    }
                };
            }
        }, 0);
        return found[0];
    }

    private static byte[] bytesOf(String internalName) throws IOException {
        try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
