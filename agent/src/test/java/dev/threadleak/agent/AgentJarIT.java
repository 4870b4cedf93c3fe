package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadleak.testsupport.BuildOutput;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
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

    /**
     * ASM ships Java 5 class files, which the JVM verifies by inferring types, slowly, at every
     * start; the build rewrites them as Java 8 class files with stack map frames. A build that
     * skipped the step would still work, only slower: this is what notices.
     */
    @Test
    void shadedAsmClassesAreJava8ClassFilesWithFrames() throws Exception {
        try (JarFile jar = new JarFile(BuildOutput.agentJar().toFile())) {
            List<String> older = new ArrayList<>();
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("dev/threadleak/shaded/asm/")
                    && e.getName().endsWith(".class")).toList()) {
                try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
                    in.readInt(); // magic
                    in.readUnsignedShort(); // minor
                    int major = in.readUnsignedShort();
                    if (major < 52) {
                        older.add(entry.getName() + " (" + major + ")");
                    }
                }
            }
            assertEquals(List.of(), older);
        }
    }

    @Test
    void everyUserWhoCanReadTheOtherJarsCanReadTheAgentJar() throws Exception {
        Path agent = BuildOutput.agentJar();
        assumeTrue(Files.getFileStore(agent).supportsFileAttributeView(PosixFileAttributeView.class), "POSIX permissions");
        Path plain = agent.resolveSibling("threadleak-agent-" + "plain-permissions.probe");
        Files.deleteIfExists(plain);
        Files.createFile(plain); // what this build's umask gives a file it makes
        try {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(agent),
                    "a temporary file's 0600 would stop a JVM run by any other user from opening the agent");
        } finally {
            Files.delete(plain);
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
