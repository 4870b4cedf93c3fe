package dev.threadleak.agent.weaving;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * Writes a woven JDK class with the stack map frames of its changed methods computed, the types
 * in them merged through the classes the boot loader already holds: the frames of a method in
 * {@code java.base} name only {@code java.base} types, all loaded by the time the method runs (the
 * class being woven is loaded, and so are the types its code has used). A type the boot loader
 * cannot name merges to {@code Object}: frames only matter to the verifier, which does not check
 * boot classes unless asked ({@code -Xverify:all}), and then refuses the class, which the
 * self-check reports, rather than running it.
 */
final class FramesOfLoadedClasses extends ClassWriter {

    private static final String OBJECT = "java/lang/Object";

    FramesOfLoadedClasses(ClassReader reader) {
        super(reader, ClassWriter.COMPUTE_FRAMES);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        Class<?> a = bootClass(type1);
        Class<?> b = bootClass(type2);
        if (a == null || b == null) {
            return OBJECT;
        }
        if (a.isAssignableFrom(b)) {
            return type1;
        }
        if (b.isAssignableFrom(a)) {
            return type2;
        }
        if (a.isInterface() || b.isInterface()) {
            return OBJECT;
        }
        do {
            a = a.getSuperclass();
        } while (a != null && !a.isAssignableFrom(b));
        return a == null ? OBJECT : a.getName().replace('.', '/');
    }

    private static Class<?> bootClass(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
