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

/**
 * The agent jar, carried inside the CLI jar (copied in at build time) so that users never pass
 * its path and the agent always matches the CLI that talks to it. {@code loadAgent} needs a
 * file, so it is unpacked once per content, by SHA-256, into a directory of ours under
 * {@code java.io.tmpdir}, and kept: the target JVM may reopen the jar by its path long after we
 * exit.
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
        String name = "threadleak-agent-" + sha256(jar).substring(0, 16) + ".jar";
        Path dir = ownDirectory();
        Path target = dir.resolve(name);
        // the same bytes, compared as they are: hashing both again cost the first dump tens of ms
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == jar.length
                && Arrays.equals(Files.readAllBytes(target), jar)) {
            return target;
        }
        OutputFile.write(target, jar, Access.READABLE_BY_ALL);
        return target;
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
