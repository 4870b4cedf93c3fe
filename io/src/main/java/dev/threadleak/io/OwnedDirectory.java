package dev.threadleak.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * A directory that this JVM's user owns and that others cannot change ({@link Access#READABLE_BY_ALL})
 * or even enter ({@link Access#OWNER_ONLY}, for sockets and heap dumps): made fresh, or checked
 * before an existing one is trusted. Only a directory nobody else can write keeps others from
 * putting a file or a link where we are about to write.
 */
public final class OwnedDirectory {

    private OwnedDirectory() {
    }

    /**
     * A new directory in {@code parent}, named {@code prefix} and random digits, of exactly the
     * mode of {@code access}. Creating it fails if the name exists (another name is then tried),
     * so nobody can have prepared it for us; the name only has to be new, not secret.
     */
    public static Path create(Path parent, String prefix, Access access) throws IOException {
        if (!parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(parent, prefix);
        }
        Path dir = Files.createTempDirectory(parent, prefix,
                PosixFilePermissions.asFileAttribute(access.directoryPermissions()));
        // created with at most these permissions (the umask can only take some away): now exactly these
        Files.setPosixFilePermissions(dir, access.directoryPermissions());
        return dir;
    }

    /** {@link #create} with {@link Access#OWNER_ONLY}: mode 0700. */
    public static Path createPrivate(Path parent, String prefix) throws IOException {
        return create(parent, prefix, Access.OWNER_ONLY);
    }

    /**
     * Refuses, with an {@link IOException} of one line that starts with the directory's path, a
     * directory that is missing, is a link (to a directory or not: a link can be made to point
     * elsewhere later), is not owned by {@code owner} (the user this JVM runs as), or grants
     * group or others more than {@code access} does. Where the file system has no POSIX
     * permissions only the owner is checked.
     */
    public static void check(Path dir, UserPrincipal owner, Access access) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            attributes = null;
        }
        if (attributes == null || !attributes.isDirectory()) {
            throw new IOException(dir + " is missing or not a directory (a link to one is refused)");
        }
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(owner)) {
            throw new IOException(dir + " is not owned by " + owner.getName() + ", the user this JVM runs as");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix != null && !access.directoryAllows(posix.readAttributes().permissions())) {
            throw new IOException(dir + " is open to other users; give a directory of mode " + access.directoryMode());
        }
    }

    /** {@link #check} with {@link Access#OWNER_ONLY}: nobody but {@code owner} may even enter it. */
    public static void checkPrivate(Path dir, UserPrincipal owner) throws IOException {
        check(dir, owner, Access.OWNER_ONLY);
    }
}
