package dev.threadleak.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        TemporaryDirectoryProperty.setTo(tmp, () -> {
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
        });
    }

    /**
     * A run that unpacks a new content removes the jars of ours nobody used for a day, and only
     * those: not one used since, not a link, not a file we did not name. A run that finds its jar
     * marks it used, so that another version's unpacking leaves it.
     */
    @Test
    void unpackingANewJarRemovesOnlyOurJarsNobodyUsedForADay(@TempDir Path tmp) throws Exception {
        byte[] ours = Files.readAllBytes(EmbeddedAgentJar.file());
        TemporaryDirectoryProperty.setTo(tmp, () -> {
            Path jar = EmbeddedAgentJar.file(ours);
            Path dir = jar.getParent();
            FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
            Path unused = Files.writeString(dir.resolve("threadleak-agent-00000000-1.jar"), "an old version");
            Files.setLastModifiedTime(unused, twoDaysAgo);
            Path recent = Files.writeString(dir.resolve("threadleak-agent-11111111-2.jar"), "used an hour ago");
            Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Path notOurs = Files.writeString(dir.resolve("notes.jar"), "not of our name");
            Files.setLastModifiedTime(notOurs, twoDaysAgo);
            Path target = Files.writeString(tmp.resolve("elsewhere.jar"), "a link's target");
            Files.setLastModifiedTime(target, twoDaysAgo);
            Path link = Files.createSymbolicLink(dir.resolve("threadleak-agent-22222222-3.jar"), target);
            Files.setLastModifiedTime(jar, twoDaysAgo);

            assertEquals(jar, EmbeddedAgentJar.file(ours), "found");
            assertTrue(Files.getLastModifiedTime(jar).toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(5))),
                    "marked used by the run that found it");
            byte[] newer = ours.clone();
            newer[newer.length / 2] ^= 1; // another version
            Path unpacked = EmbeddedAgentJar.file(newer);

            assertFalse(Files.exists(unused, LinkOption.NOFOLLOW_LINKS), "unused for two days: removed");
            for (Path kept : List.of(jar, recent, notOurs, link, target, unpacked)) {
                assertTrue(Files.exists(kept, LinkOption.NOFOLLOW_LINKS), kept + " is left");
            }
        });
    }
}
