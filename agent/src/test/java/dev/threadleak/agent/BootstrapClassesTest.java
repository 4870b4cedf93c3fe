package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;

/** What goes on the bootstrap class path stays tiny and uses only JDK types. */
class BootstrapClassesTest {

    private static final List<String> BOOTSTRAP = List.of(
            "dev/threadleak/agent/bootstrap/Hooks", "dev/threadleak/agent/bootstrap/ThreadListener",
            "dev/threadleak/agent/bootstrap/ExecutorListener", "dev/threadleak/agent/bootstrap/WaitListener",
            "dev/threadleak/agent/bootstrap/RecordSlot");

    @Test
    void bootstrapClassesReferOnlyToJdkTypesAndEachOther() throws IOException {
        Set<String> foreign = new TreeSet<>();
        for (String name : BOOTSTRAP) {
            for (String referenced : referencedClasses(bytes(name))) {
                if (!referenced.startsWith("java/") && !BOOTSTRAP.contains(referenced)) {
                    foreign.add(name + " -> " + referenced);
                }
            }
        }
        assertEquals(Set.of(), foreign);
    }

    @Test
    void bootstrapClassesAreSmall() throws IOException {
        int total = 0;
        for (String name : BOOTSTRAP) {
            total += bytes(name).length;
        }
        assertTrue(total < 16_000, "bootstrap classes take " + total + " bytes");
    }

    @Test
    void thePackageHoldsNothingElse() throws IOException {
        var url = getClass().getClassLoader().getResource("dev/threadleak/agent/bootstrap/");
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(java.net.URI.create(url.toString())))) {
            Set<String> names = new TreeSet<>();
            files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.equals("package-info.class")) // the package's documentation, never loaded
                    .forEach(f -> names.add("dev/threadleak/agent/bootstrap/" + f.replace(".class", "")));
            assertEquals(new TreeSet<>(BOOTSTRAP), names, "a new bootstrap class must be injected too");
        }
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = BootstrapClassesTest.class.getClassLoader().getResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Class names in the constant pool: class entries and the types inside descriptors. */
    private static Set<String> referencedClasses(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        Set<String> result = new TreeSet<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            int tag = bytes[offset - 1];
            if (tag == 7) { // CONSTANT_Class
                String name = reader.readUTF8(offset, buffer);
                result.add(name.startsWith("[") ? Type.getType(name).getElementType().getInternalName() : name);
            } else if (tag == 12) { // CONSTANT_NameAndType: the descriptor names types too
                String descriptor = reader.readUTF8(offset + 2, buffer);
                addDescriptorTypes(descriptor, result);
            }
        }
        return result;
    }

    private static void addDescriptorTypes(String descriptor, Set<String> into) {
        Type type = Type.getType(descriptor);
        List<Type> types = type.getSort() == Type.METHOD
                ? new java.util.ArrayList<>(List.of(type.getArgumentTypes())) : new java.util.ArrayList<>(List.of(type));
        if (type.getSort() == Type.METHOD) {
            types.add(type.getReturnType());
        }
        for (Type t : types) {
            Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
            if (element.getSort() == Type.OBJECT) {
                into.add(element.getInternalName());
            }
        }
    }
}
