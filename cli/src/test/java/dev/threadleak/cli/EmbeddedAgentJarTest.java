package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

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
}
