package dev.threadleak.cli;

import dev.threadleak.io.Access;
import dev.threadleak.io.OutputFile;
import dev.threadleak.io.OwnedDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The agent jar, carried inside the CLI jar (copied in at build time) so that users never pass
 * its path and the agent always matches the CLI that talks to it. {@code loadAgent} needs a
 * file, so it is unpacked once per content into a directory of ours under
 * {@code java.io.tmpdir}, and kept: the target JVM may reopen the jar by its path long after we
 * exit. The file is named by the content's CRC-32 and length, and its bytes are compared with
 * ours before it is used; should another content have that name (CRC-32 collides, rarely), the
 * file is named by its SHA-256 instead. Hashing the 3 MB with SHA-256 at every run cost the
 * first {@code dump} of a JVM 65-100 ms of a fresh JVM's interpreted code; the CRC is a JDK
 * intrinsic.
 *
 * <p>The directory and the jar are readable by all but writable only by us (0755/0644): readable,
 * because root may load it into another user's JVM; not writable, because whoever can replace the
 * jar runs code in every JVM we attach to. A directory of that name that is not ours, or that
 * others can write, is passed over for a fresh one.
 */
final class EmbeddedAgentJar {

    static final String RESOURCE = "threadleak-agent.jar";

    private EmbeddedAgentJar() {
    }

    /** The agent jar as a file, unpacked if it is not there yet. */
    static Path file() throws IOException {
        byte[] jar;
        try (InputStream in = EmbeddedAgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("this threadleak CLI was built without the agent jar inside it; "
                        + "rebuild it with mvn -pl report,agent,cli package");
            }
            jar = in.readAllBytes();
        }
        Path dir = ownDirectory();
        Path target = dir.resolve(nameOf(jar));
        if (holds(target, jar)) {
            return target;
        }
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == jar.length) {
            // another content of our CRC-32 and length (a file of another length is a broken one: replaced)
            target = dir.resolve("threadleak-agent-" + sha256(jar).substring(0, 16) + ".jar");
            if (holds(target, jar)) {
                return target;
            }
        }
        OutputFile.write(target, jar, Access.READABLE_BY_ALL);
        return target;
    }

    /** The file name of {@code jar}'s content: its CRC-32 and length. */
    static String nameOf(byte[] jar) {
        CRC32 crc = new CRC32();
        crc.update(jar);
        return "threadleak-agent-" + HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + jar.length + ".jar";
    }

    /** Whether {@code file} is a regular file of exactly these bytes. */
    private static boolean holds(Path file, byte[] jar) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == jar.length
                && Arrays.equals(Files.readAllBytes(file), jar);
    }

    private static Path ownDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!posix()) {
            return Files.createDirectories(tmp.resolve("threadleak-cli"));
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = tmp.resolve("threadleak-cli-" + user);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(Access.READABLE_BY_ALL.directoryPermissions()));
        } catch (FileAlreadyExistsException e) {
            // ours from an earlier run, or somebody else's: checked below
        }
        try {
            UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(LocalProcess.currentUser());
            OwnedDirectory.check(dir, me, Access.READABLE_BY_ALL);
            return dir;
        } catch (IOException notOurs) {
            return OwnedDirectory.create(tmp, "threadleak-cli-", Access.READABLE_BY_ALL);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
