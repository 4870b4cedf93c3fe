package dev.threadleak.cli;

import dev.threadleak.io.Access;
import dev.threadleak.io.OutputFile;
import dev.threadleak.io.OwnedDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The agent jar, carried inside the CLI jar (copied in at build time) so that users never pass
 * its path and the agent always matches the CLI that talks to it. {@code loadAgent} needs a
 * file, so it is unpacked once per content into a directory of ours under
 * {@code java.io.tmpdir}, and kept while it is in use: the target JVM may reopen the jar by its
 * path long after we exit. A run that uses a jar marks it used (its modification time, at most
 * once an hour); a run that unpacks one removes the others nobody used for {@link #UNUSED_FOR}.
 * Without that, every upgrade left 3 MB behind for good (a machine that built the CLI all day
 * held 27). A JVM that has such a jar open keeps reading it where files outlive their names
 * (POSIX); where they do not (Windows), the removal fails and the jar stays. The file is named
 * by the content's CRC-32 and length, and its bytes are compared with ours before it is used;
 * should another content have that name (CRC-32 collides, rarely), the file is named by its SHA-256
 * instead. Hashing the 3 MB with SHA-256 at every run cost the first {@code dump} of a JVM 65-100
 * ms of a fresh JVM's interpreted code; the CRC is a JDK intrinsic.
 *
 * <p>The directory and the jar are readable by all but writable only by us (0755/0644): readable,
 * because root may load it into another user's JVM; not writable, because whoever can replace the
 * jar runs code in every JVM we attach to. A directory of that name that is not ours, or that
 * others can write, is passed over for a fresh one.
 */
final class EmbeddedAgentJar {

    static final String RESOURCE = "threadleak-agent.jar";

    /** How long a jar of another content goes unused before a run that unpacks one removes it. */
    static final Duration UNUSED_FOR = Duration.ofDays(1);
    /** A jar in use is marked so when its mark is older than this: not a write at every run. */
    private static final Duration MARKED_EVERY = Duration.ofHours(1);
    private static final String PREFIX = "threadleak-agent-";

    private EmbeddedAgentJar() {
    }

    /** The agent jar as a file, unpacked if it is not there yet. */
    static Path file() throws IOException {
        return file(bytes());
    }

    /** The same, of {@code jar}: the agent jar's bytes, as {@link #bytes()} read them. */
    static Path file(byte[] jar) throws IOException {
        Path dir = ownDirectory();
        Path found = holding(dir, jar);
        if (found != null) {
            markUsed(found);
            return found;
        }
        Path target = dir.resolve(nameOf(jar));
        if (sameLength(target, jar)) {
            // another content of our CRC-32 and length, which a JVM may have loaded: not replaced
            // (a file of another length is a broken one: replaced)
            target = dir.resolve(bySha256(jar));
        }
        OutputFile.write(target, jar, Access.READABLE_BY_ALL);
        removeUnused(dir, target);
        return target;
    }

    /** Marks {@code jar} used now, if its mark is an hour old; a jar that cannot be marked is used all the same. */
    static void markUsed(Path jar) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(jar).toInstant().isBefore(now.minus(MARKED_EVERY))) {
                Files.setLastModifiedTime(jar, FileTime.from(now));
            }
        } catch (IOException | RuntimeException e) {
            // the mark only keeps it from removal by a run of another version: at worst it is unpacked again
        }
    }

    /**
     * Removes from {@code dir} (ours) the agent jars other than {@code kept} that nobody used for
     * {@link #UNUSED_FOR}: regular files of our name only, never a link or what we did not name.
     * What cannot be read or removed stays.
     */
    static void removeUnused(Path dir, Path kept) {
        Instant before = Instant.now().minus(UNUSED_FOR);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, PREFIX + "*.jar")) {
            for (Path jar : jars) {
                try {
                    BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && !jar.equals(kept) && a.lastModifiedTime().toInstant().isBefore(before)) {
                        Files.delete(jar);
                    }
                } catch (IOException | RuntimeException e) {
                    // open elsewhere (Windows), or gone already: left
                }
            }
        } catch (IOException | RuntimeException e) {
            // a directory we cannot list keeps what it holds
        }
    }

    /** The agent jar's bytes, read from the CLI jar. */
    static byte[] bytes() throws IOException {
        try (InputStream in = EmbeddedAgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("this threadleak CLI was built without the agent jar inside it; "
                        + "rebuild it with mvn -pl report,agent,cli package");
            }
            return in.readAllBytes();
        }
    }

    /**
     * The file of ours that holds exactly {@code jar}, if an earlier run unpacked it; else null.
     * Makes no file or directory: a command may ask before it knows it will load the agent.
     */
    static Path unpackedAlready(byte[] jar) {
        try {
            Path dir = standardDirectory(Path.of(System.getProperty("java.io.tmpdir")));
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ours(dir) ? holding(dir, jar) : null;
        } catch (IOException | RuntimeException e) {
            return null; // file() says what is wrong, if the jar is needed
        }
    }

    /** The file in {@code dir} that holds exactly {@code jar}, by its CRC-32 name or else its SHA-256 one; or null. */
    private static Path holding(Path dir, byte[] jar) throws IOException {
        Path named = dir.resolve(nameOf(jar));
        if (holds(named, jar)) {
            return named;
        }
        if (sameLength(named, jar)) {
            Path bySha = dir.resolve(bySha256(jar));
            return holds(bySha, jar) ? bySha : null;
        }
        return null;
    }

    /** The file name of {@code jar}'s content: its CRC-32 and length. */
    static String nameOf(byte[] jar) {
        CRC32 crc = new CRC32();
        crc.update(jar);
        return PREFIX + HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + jar.length + ".jar";
    }

    private static String bySha256(byte[] jar) {
        return PREFIX + sha256(jar).substring(0, 16) + ".jar";
    }

    private static boolean sameLength(Path file, byte[] jar) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == jar.length;
    }

    /** Whether {@code file} is a regular file of exactly these bytes. */
    private static boolean holds(Path file, byte[] jar) throws IOException {
        return sameLength(file, jar) && Arrays.equals(Files.readAllBytes(file), jar);
    }

    private static Path ownDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = standardDirectory(tmp);
        if (!posix()) {
            return Files.createDirectories(dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(Access.READABLE_BY_ALL.directoryPermissions()));
        } catch (FileAlreadyExistsException e) {
            // ours from an earlier run, or somebody else's: checked below
        }
        return ours(dir) ? dir : OwnedDirectory.create(tmp, "threadleak-cli-", Access.READABLE_BY_ALL);
    }

    /** Where the jar is unpacked when that directory is ours. */
    private static Path standardDirectory(Path tmp) {
        if (!posix()) {
            return tmp.resolve("threadleak-cli");
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return tmp.resolve("threadleak-cli-" + user);
    }

    /** Whether {@code dir} is ours and writable by us only (anywhere without POSIX permissions: yes). */
    private static boolean ours(Path dir) {
        if (!posix()) {
            return true;
        }
        try {
            UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(LocalProcess.currentUser());
            OwnedDirectory.check(dir, me, Access.READABLE_BY_ALL);
            return true;
        } catch (IOException notOurs) {
            return false;
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
