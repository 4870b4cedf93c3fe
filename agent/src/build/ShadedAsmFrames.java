import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the classes under a package of a jar as Java 8 class files with stack map frames,
 * leaving every other entry as it is. Run by the agent's build on the shaded jar, for ASM.
 *
 * <p>Why: ASM ships Java 5 class files (version 49), which carry no stack map frames. The JVM
 * checks such classes with its old verifier, which infers every type by data-flow analysis and
 * must first load its own native library; the agent loads about 30 ASM classes under
 * {@code premain}, in every JVM it runs in. The same classes with frames are checked by the
 * type-checking verifier in a single pass: measured, it took the weaving at start-up from about
 * 31 to 23 ms of CPU. The code is ASM's own, unchanged; only the class file version and the
 * frames are new, computed by ASM itself.
 *
 * <p>Usage: {@code java ShadedAsmFrames.java JAR PACKAGE} (PACKAGE in internal form, e.g.
 * {@code dev/threadleak/shaded/asm/}); ASM must be on the class path. The jar is replaced
 * atomically.
 */
public final class ShadedAsmFrames {

    private ShadedAsmFrames() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java ShadedAsmFrames.java JAR PACKAGE");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Path rewritten = Files.createTempFile(jar.toAbsolutePath().getParent(), "frames", ".jar");
        int count = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             OutputStream file = Files.newOutputStream(rewritten);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                    bytes = withFrames(bytes, classes);
                    count++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        if (count == 0) {
            Files.deleteIfExists(rewritten);
            throw new IOException("no class under " + prefix + " in " + jar);
        }
        keepPermissions(jar, rewritten);
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ShadedAsmFrames: " + count + " classes under " + prefix + " now Java 8 class files with frames");
    }

    /**
     * The jar's permissions on its rewritten copy: a temporary file is its owner's alone (0600 on
     * POSIX), and a JVM run by any other user could not open the agent and would not start.
     */
    private static void keepPermissions(Path jar, Path rewritten) throws IOException {
        if (Files.getFileStore(jar).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(rewritten, Files.getPosixFilePermissions(jar));
        }
    }

    private static byte[] withFrames(byte[] bytes, ClassLoader classes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes; // the frames merge types of the jar's own classes
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Math.max(version, Opcodes.V1_8), access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
