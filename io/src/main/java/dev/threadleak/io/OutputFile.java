package dev.threadleak.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes what we produce (a report, an unpacked jar) to a path somebody named, without ever
 * destroying what that path is. By what the path is:
 * <ul>
 * <li>a regular file, or nothing yet: replaced atomically. The content goes to a temporary file in
 *     the same directory, made with the requested {@link Access}, which is then renamed over the
 *     path: readers see the old file or the new one, never half of one, and a failure leaves the
 *     old file as it was and no temporary file behind;</li>
 * <li>a directory: refused with an {@link IOException} of one line that names the path and says
 *     what is accepted; nothing is created;</li>
 * <li>anything else that can be opened for writing (a character device such as {@code /dev/null}
 *     or a terminal, a FIFO): opened and written in place. It is never replaced, and its mode is
 *     left as it is. Opening a FIFO waits, as for any program, until something reads it;</li>
 * <li>a symbolic link: never replaced itself; what it leads to is written in place, appended to
 *     (see {@link #write(Path, Access, Body)} for why), unless that is a directory or nothing,
 *     which is refused.</li>
 * </ul>
 */
public final class OutputFile {

    /** What to write, streamed, so that a large body needs no second copy in memory. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String ACCEPTED = "give a regular file or a new path (replaced atomically),"
            + " or a device or FIFO (written in place)";

    private OutputFile() {
    }

    /** Writes {@code text} as UTF-8; a file we create is readable by its owner only (0600). */
    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), Access.OWNER_ONLY);
    }

    /** Writes {@code content}; a file we create gets {@code access}. */
    public static void write(Path target, byte[] content, Access access) throws IOException {
        write(target, access, out -> out.write(content));
    }

    /**
     * Writes {@code body} to {@code target} as the class comment says. Every failure is an
     * {@link IOException} whose message starts with the path and is one line.
     *
     * <p>A symbolic link to a regular file is appended to, through the link, rather than its
     * file replaced: {@code /dev/stderr} and {@code /dev/stdout} are such links (into
     * {@code /proc/self/fd}) when the JVM's output is redirected to a file, a log that the
     * process goes on writing. Renaming a new file over it would cut the log off from its name
     * (the JVM would write on into a deleted file), and truncating it would erase it; appending
     * loses nothing that was there. The price is that a link to a report file collects reports
     * rather than holding the newest.
     */
    public static void write(Path target, Access access, Body body) throws IOException {
        Path path = target.toAbsolutePath();
        refuseIfNoFile(path);
        BasicFileAttributes itself = attributes(path, LinkOption.NOFOLLOW_LINKS);
        if (itself == null || itself.isRegularFile()) {
            replace(path, access, body);
        } else {
            writeInPlace(path, body);
        }
    }

    /**
     * Throws, as {@link #write} would, where {@code target} is no place for a file: a directory,
     * a link to nothing or to a directory. Asked before a report that takes seconds is made, so
     * that a wrong path is told at once (ActiveMQ's trial: {@code dump -o DIR} was refused 3.6 s
     * in, after the report).
     */
    public static void refuseIfNoFile(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        BasicFileAttributes itself = attributes(path, LinkOption.NOFOLLOW_LINKS);
        if (itself != null && itself.isDirectory()) {
            throw new IOException(path + ": is a directory; " + ACCEPTED);
        }
        if (itself != null && itself.isSymbolicLink()) {
            BasicFileAttributes linked = attributes(path);
            if (linked == null) {
                throw new IOException(path + ": is a link to nothing; " + ACCEPTED);
            }
            if (linked.isDirectory()) {
                throw new IOException(path + ": is a link to a directory; " + ACCEPTED);
            }
        }
    }

    /**
     * The temporary file is made in the target's own directory, so that the rename stays on one
     * file system and is atomic, and deleted in every outcome but success. Between looking at the
     * path and the rename somebody may put something else there; rename then fails for a
     * directory, and replaces a link with our file rather than following it.
     */
    private static void replace(Path file, Access access, Body body) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp;
        try {
            temp = posix
                    ? Files.createTempFile(dir, ".threadleak-", ".tmp",
                        PosixFilePermissions.asFileAttribute(access.filePermissions()))
                    : Files.createTempFile(dir, ".threadleak-", ".tmp");
        } catch (IOException e) {
            throw new IOException(file + ": cannot create a file in " + dir + " (" + reason(e)
                    + "); give a path in a directory you can write", e);
        }
        try {
            if (posix) {
                // created with at most these permissions (the umask can only take some away): now exactly these
                Files.setPosixFilePermissions(temp, access.filePermissions());
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                body.writeTo(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot write it (" + reason(e) + ")", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Opened without CREATE, so a path that vanished meanwhile is an error, not a new file. */
    private static void writeInPlace(Path path, Body body) throws IOException {
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND))) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new IOException(path + ": cannot write it in place (" + reason(e) + ")", e);
        }
    }

    /** Null when there is nothing at the path (or, following links, at its end). */
    private static BasicFileAttributes attributes(Path path, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
            try {
                temp.toFile().deleteOnExit();
            } catch (RuntimeException exiting) {
                // the JVM is exiting already and takes no more files to delete: nothing left to try
            }
        }
    }

    /** The JDK's exceptions name the file in their message, or have nothing but the file as message. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
