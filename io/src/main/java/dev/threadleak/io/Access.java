package dev.threadleak.io;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who may use a file or directory we create: its owner only, or everyone to read and only its
 * owner to change. No mode lets anyone but the owner write: whoever can change a report can
 * forge it, and whoever can replace a jar we load runs code in every JVM it is loaded into.
 */
public enum Access {

    /** Mode 0600 for files, 0700 for directories: reports and heap dumps hold the application's secrets. */
    OWNER_ONLY("rw-------", "rwx------"),

    /** Mode 0644 for files, 0755 for directories: for a jar that JVMs of other users load. */
    READABLE_BY_ALL("rw-r--r--", "rwxr-xr-x");

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Set<PosixFilePermission> file;
    private final Set<PosixFilePermission> directory;

    Access(String file, String directory) {
        this.file = Set.copyOf(PosixFilePermissions.fromString(file));
        this.directory = Set.copyOf(PosixFilePermissions.fromString(directory));
    }

    /** The mode of a file made with this access. */
    public Set<PosixFilePermission> filePermissions() {
        return file;
    }

    /** The mode of a directory made with this access. */
    public Set<PosixFilePermission> directoryPermissions() {
        return directory;
    }

    /** True when {@code actual} grants group or others nothing that a directory of this access does not. */
    boolean directoryAllows(Set<PosixFilePermission> actual) {
        for (PosixFilePermission p : actual) {
            if (GROUP_AND_OTHERS.contains(p) && !directory.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** The directory mode in octal, for messages: {@code 0700}. */
    String directoryMode() {
        int bits = 0;
        for (PosixFilePermission p : directory) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("0%o", bits);
    }
}
