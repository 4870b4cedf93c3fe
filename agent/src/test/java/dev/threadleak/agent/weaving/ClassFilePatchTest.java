package dev.threadleak.agent.weaving;

import static dev.threadleak.agent.weaving.HookPoint.RETURN_VALUE;
import static dev.threadleak.agent.weaving.HookPoint.THIS;
import static dev.threadleak.agent.weaving.HookPoint.constant;
import static dev.threadleak.agent.weaving.HookPoint.field;
import static dev.threadleak.agent.weaving.HookPoint.fieldOrNull;
import static dev.threadleak.agent.weaving.HookPoint.intArg;
import static dev.threadleak.agent.weaving.HookPoint.longArg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.agent.bootstrap.Hooks;
import dev.threadleak.agent.bootstrap.WaitListener;
import dev.threadleak.agent.executors.ExecutorInstrumentation;
import dev.threadleak.agent.threads.ThreadInstrumentation;
import dev.threadleak.agent.waits.WaitInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassFilePatchTest {

    private static final String SHAPES = "dev/threadleak/agent/weaving/PatchedShapes";
    private static final String BEGIN = "(Ljava/lang/Object;IJ)V";
    private static final String BEGIN_TIMED = "(Ljava/lang/Object;IZJ)V";
    private static final String PART = "(Ljava/lang/Object;Ljava/lang/Object;)V";

    /** Every load kind, entry and exit, a constructor, a static method, a switch. */
    private static final List<HookPoint> SHAPE_POINTS = List.of(
            HookPoint.exit(SHAPES, "<init>", "(I)V", "channelPart", PART, THIS, THIS),
            HookPoint.entry(SHAPES, "loop", "(I)I", "waitBegins", BEGIN, THIS, constant(3), constant(100L)),
            HookPoint.exit(SHAPES, "loop", "(I)I", "waitEnds", "()V"),
            HookPoint.entry(SHAPES, "timed", "(JLjava/lang/Object;)J", "waitBegins", BEGIN, HookPoint.arg(3),
                    constant(100_000), longArg(1)),
            HookPoint.exit(SHAPES, "timed", "(JLjava/lang/Object;)J", "waitEnds", "()V"),
            HookPoint.entry(SHAPES, "made", "(Z)Ljava/lang/Object;", "waitBeginsTimed", BEGIN_TIMED,
                    fieldOrNull(SHAPES, "absent", "Ljava/lang/Object;"), field(SHAPES, "base", "I"), intArg(1),
                    constant(7L)),
            HookPoint.exit(SHAPES, "made", "(Z)Ljava/lang/Object;", "channelPart", PART, RETURN_VALUE, THIS),
            HookPoint.signal(SHAPES, "countDown", "(I)I", "waitEnds"),
            HookPoint.exit(SHAPES, "switched", "(I)I", "waitEnds", "()V"));

    @Test
    void weavesEveryJdkClassWeWeaveAsAsmDoes() throws IOException {
        int compared = 0;
        for (Map.Entry<String, List<HookPoint>> owner : byOwner(everyPoint()).entrySet()) {
            byte[] bytes = bytesOf(owner.getKey());
            if (bytes == null) {
                continue; // not in this JDK
            }
            byte[] patched = ClassFilePatch.weave(bytes, owner.getValue());
            assertNotNull(patched, owner.getKey() + ": left to ASM, which a JVM then has to load");
            assertSameCode(AsmWeaving.weave(bytes, owner.getValue()), patched, owner.getKey());
            compared++;
        }
        assertTrue(compared >= 25, "compared " + compared + " classes");
    }

    @Test
    void patchedCodeIsVerifiedAndRunsItsCallsOncePerEntryAndReturn() throws Exception {
        byte[] bytes = bytesOf(SHAPES);
        List<HookPoint> points = SHAPE_POINTS.subList(0, SHAPE_POINTS.size() - 1);
        byte[] patched = ClassFilePatch.weave(bytes, points);
        assertNotNull(patched);
        assertSameCode(AsmWeaving.weave(bytes, points), patched, SHAPES);
        Class<?> shapes = new OwnCopy(patched).loadClass(SHAPES.replace('/', '.')); // the verifier checks it
        Recorder recorder = new Recorder();
        Hooks.install(recorder);
        try {
            Object five = shapes.getConstructor(int.class).newInstance(5);
            Object none = shapes.getConstructor(int.class).newInstance(-1);
            assertEquals(List.of("part " + five + " " + five, "part " + none + " " + none), recorder.take());

            assertEquals(15, call(five, "loop", 5));
            assertEquals(-21, call(five, "loop", 10));
            assertEquals(List.of("begin " + five + " 3 100", "end", "begin " + five + " 3 100", "end"),
                    recorder.take());

            assertEquals(8L, call(five, "timed", 4L, "x"));
            assertEquals(-1L, call(five, "timed", -4L, "y"));
            assertEquals(2, call(five, "finallies"));
            assertEquals(List.of("begin x 100000 4", "end", "begin y 100000 -4", "end"), recorder.take());

            assertEquals("a5", call(five, "made", true));
            assertEquals("b5", call(five, "made", false));
            assertEquals(List.of("begin null 5 true 7", "part a5 " + five, "begin null 5 false 7", "part b5 " + five),
                    recorder.take());

            assertEquals(0, shapes.getMethod("countDown", int.class).invoke(null, 4));
            assertEquals(List.of("end"), recorder.take(), "a loop back to offset 0 does not run the entry call again");
        } finally {
            Hooks.install((WaitListener) null);
        }
    }

    @Test
    void leavesToAsmASwitchAndAMethodWithBranchesButNoFrames() throws IOException {
        byte[] shapes = bytesOf(SHAPES);
        assertNull(ClassFilePatch.weave(shapes, List.of(SHAPE_POINTS.get(SHAPE_POINTS.size() - 1))), "a switch");

        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytesOf("java/lang/Thread")).accept(writer, ClassReader.SKIP_FRAMES); // as JDK 17 may hand it over
        byte[] frameless = writer.toByteArray();
        assertNull(ClassFilePatch.weave(frameless, byOwner(ThreadInstrumentation.points()).get("java/lang/Thread")));
    }

    @Test
    void returnsTheClassAsItIsWhenNoMethodMatches() throws IOException {
        byte[] bytes = bytesOf("java/lang/Thread");
        assertSame(bytes, ClassFilePatch.weave(bytes, List.of(HookPoint.signal("java/lang/Thread", "noSuchMethod",
                "()V", "waitEnds"))));
    }

    // ---- comparing code ----

    private static void assertSameCode(byte[] expected, byte[] actual, String name) {
        Map<String, String> want = listing(expected);
        Map<String, String> got = listing(actual);
        assertEquals(want.keySet(), got.keySet(), name + ": methods");
        for (String method : want.keySet()) {
            String[] w = want.get(method).split("\n", 2);
            String[] g = got.get(method).split("\n", 2);
            assertEquals(w[1], g[1], name + "." + method);
            int wantStack = Integer.parseInt(w[0]);
            int gotStack = Integer.parseInt(g[0]);
            assertTrue(gotStack >= wantStack, name + "." + method + ": max stack " + gotStack + " < " + wantStack);
        }
    }

    /** Each method's code as text, frames expanded, labels numbered in order; first line: its max stack. */
    private static Map<String, String> listing(byte[] bytes) {
        Map<String, String> methods = new LinkedHashMap<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new Listing(methods, name + descriptor);
            }
        }, ClassReader.EXPAND_FRAMES);
        return methods;
    }

    private static final class Listing extends MethodVisitor {
        private final Map<String, String> methods;
        private final String key;
        private final StringBuilder text = new StringBuilder();
        private final Map<Label, Integer> labels = new IdentityHashMap<>();
        private int maxStack;

        Listing(Map<String, String> methods, String key) {
            super(Opcodes.ASM9);
            this.methods = methods;
            this.key = key;
        }

        private String label(Label label) {
            return "L" + labels.computeIfAbsent(label, l -> labels.size());
        }

        private void line(Object... parts) {
            for (Object part : parts) {
                text.append(part instanceof Label l ? label(l) : part instanceof Handle h ? h.toString()
                        : String.valueOf(part)).append(' ');
            }
            text.append('\n');
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            List<Object> parts = new ArrayList<>(List.of("FRAME", type));
            for (int i = 0; i < numLocal; i++) {
                parts.add(local[i]);
            }
            parts.add("|");
            for (int i = 0; i < numStack; i++) {
                parts.add(stack[i]);
            }
            line(parts.toArray());
        }

        @Override
        public void visitInsn(int opcode) {
            line(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            line(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            line(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            line(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            line(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            line(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            line("INDY", name, descriptor, bootstrap, List.of(arguments));
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            line(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            line(label, ":");
        }

        @Override
        public void visitLdcInsn(Object value) {
            line("LDC", value.getClass().getSimpleName(), value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            line("IINC", varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
            line("TABLESWITCH", min, max, dflt, List.of(targets).size());
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
            line("LOOKUPSWITCH", dflt, keys.length);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            line("MULTIANEWARRAY", descriptor, numDimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            line("TRY", start, end, handler, type);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                       int index) {
            line("LOCAL", name, descriptor, signature, start, end, index);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            line("LINE", line, start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            this.maxStack = maxStack;
            line("MAXLOCALS", maxLocals);
        }

        @Override
        public void visitEnd() {
            methods.put(key, maxStack + "\n" + text);
        }
    }

    // ---- fixtures ----

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static List<HookPoint> everyPoint() {
        List<HookPoint> all = new ArrayList<>(ThreadInstrumentation.points());
        all.addAll(ThreadInstrumentation.virtualThreadPoints());
        all.addAll(ExecutorInstrumentation.points());
        all.addAll(WaitInstrumentation.points());
        return all;
    }

    private static Map<String, List<HookPoint>> byOwner(List<HookPoint> points) {
        Map<String, List<HookPoint>> byOwner = new LinkedHashMap<>();
        for (HookPoint p : points) {
            byOwner.computeIfAbsent(p.owner(), o -> new ArrayList<>()).add(p);
        }
        return byOwner;
    }

    private static byte[] bytesOf(String internalName) throws IOException {
        try (InputStream in = ClassFilePatchTest.class.getResourceAsStream("/" + internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Defines the patched class itself; everything else comes from the test's loader. */
    private static final class OwnCopy extends ClassLoader {
        private final byte[] bytes;

        OwnCopy(byte[] bytes) {
            super(ClassFilePatchTest.class.getClassLoader());
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(SHAPES.replace('/', '.'))) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    /** What the woven calls told the wait hooks, as text. */
    private static final class Recorder implements WaitListener {
        private final List<String> calls = new ArrayList<>();

        synchronized List<String> take() {
            List<String> taken = List.copyOf(calls);
            calls.clear();
            return taken;
        }

        @Override
        public synchronized void waitBegins(Object on, int kind, long timeoutNanos) {
            calls.add("begin " + on + " " + kind + " " + timeoutNanos);
        }

        @Override
        public synchronized void waitBegins(Object on, int kind, boolean timed, long nanos) {
            calls.add("begin " + on + " " + kind + " " + timed + " " + nanos);
        }

        @Override
        public synchronized void waitBegins(Object on, int kind, boolean interruptible, boolean timed, long nanos) {
            calls.add("begin " + on + " " + kind + " " + interruptible + " " + timed + " " + nanos);
        }

        @Override
        public synchronized void waitEnds() {
            calls.add("end");
        }

        @Override
        public synchronized void channelPart(Object channel, Object part) {
            calls.add("part " + channel + " " + part);
        }
    }
}
