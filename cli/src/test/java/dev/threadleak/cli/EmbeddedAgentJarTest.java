package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedAgentJarTest {

    @Test
    void theAgentJarIsUnpackedOnceAndOnlyWeCanReplaceIt() throws Exception {
        Path jar = EmbeddedAgentJar.file();
        assertEquals(jar, EmbeddedAgentJar.file(), "same content, same file");
        try (JarFile agent = new JarFile(jar.toFile())) {
            assertEquals("dev.threadleak.agent.ThreadleakAgent", agent.getManifest().getMainAttributes().getValue("Agent-Class"));
            assertNotNull(agent.getEntry("dev/threadleak/agent/channel/ChannelServer.class"), "an agent with the channel");
        }
        Set<PosixFilePermission> file = Files.getPosixFilePermissions(jar);
        Set<PosixFilePermission> dir = Files.getPosixFilePermissions(jar.getParent());
        for (Set<PosixFilePermission> perms : java.util.List.of(file, dir)) {
            assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE), perms.toString());
            assertFalse(perms.contains(PosixFilePermission.OTHERS_WRITE), perms.toString());
        }
        assertTrue(file.contains(PosixFilePermission.OTHERS_READ), "root may load it into another user's JVM");
    }

    /**
     * The file is named by CRC-32 and length, which two contents can share: a file of that name
     * with other bytes is neither used nor replaced (a JVM may have loaded it), ours goes beside it.
     */
    @Test
    void anotherContentUnderOurNameIsLeftAloneAndOursGoesBesideIt(@TempDir Path tmp) throws Exception {
        byte[] ours = Files.readAllBytes(EmbeddedAgentJar.file());
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try {
            Path named = EmbeddedAgentJar.file();
            assertEquals(EmbeddedAgentJar.nameOf(ours), named.getFileName().toString());
            byte[] other = ours.clone();
            other[other.length / 2] ^= 1; // same length; a collision as far as the name can tell
            Files.write(named, other);

            Path jar = EmbeddedAgentJar.file();
            assertNotEquals(named, jar);
            assertEquals(named.getParent(), jar.getParent());
            assertArrayEquals(ours, Files.readAllBytes(jar));
            assertArrayEquals(other, Files.readAllBytes(named), "the other content is not replaced");
            assertEquals(jar, EmbeddedAgentJar.file(), "and found again");
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
