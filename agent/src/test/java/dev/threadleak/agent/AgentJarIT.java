package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.testsupport.BuildOutput;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The built agent jar: everything of ours and everything shaded lives under dev/threadleak/. */
class AgentJarIT {

    @Test
    void noClassLiesOutsideOurNamespace() throws Exception {
        try (JarFile jar = new JarFile(BuildOutput.agentJar().toFile())) {
            List<String> outside = jar.stream().map(JarEntry::getName)
                    .filter(n -> !n.endsWith("/"))
                    .filter(n -> !n.startsWith("dev/threadleak/") && !n.startsWith("META-INF/"))
                    .toList();
            assertEquals(List.of(), outside);
            List<String> classesInMetaInf = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("META-INF/") && n.endsWith(".class")).toList();
            assertEquals(List.of(), classesInMetaInf, "no multi-release or module classes that escape relocation");
            assertTrue(jar.getEntry("dev/threadleak/shaded/asm/ClassReader.class") != null, "ASM is relocated");
            assertTrue(jar.getEntry("dev/threadleak/shaded/jackson/databind/ObjectMapper.class") != null,
                    "Jackson is relocated");
            assertTrue(jar.getEntry("dev/threadleak/io/OutputFile.class") != null, "our io module is in, unrelocated");
            assertTrue(jar.getEntry("dev/threadleak/heapproof/HeapProof.class") != null
                    && jar.getEntry("dev/threadleak/protocol/Request.class") != null,
                    "our heap-proof and protocol modules are in, unrelocated");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("dev/threadleak/testsupport/")),
                    "test-support is for our tests only");
        }
    }

    @Test
    void manifestDeclaresBothEntryPointsAndRetransformation() throws Exception {
        try (JarFile jar = new JarFile(BuildOutput.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.threadleak.agent.ThreadleakAgent", main.getValue("Premain-Class"));
            assertEquals("dev.threadleak.agent.ThreadleakAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
        }
    }
}
