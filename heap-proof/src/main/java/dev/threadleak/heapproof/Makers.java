package dev.threadleak.heapproof;

import java.util.List;

/**
 * Who made the subjects whose static holders a proof names, from their creation stacks: of two
 * static fields that hold or keep a subject, which one is named.
 *
 * @param classes the classes of the code that made them (dotted names), the one nearest to where
 *                one was made first: a field of such a class (the earlier of two), else of such a
 *                class's package, is named, since it is the field a reader can end the subject
 *                through, rather than a cache that only met it later
 * @param entered of those, the ones a test framework or reflection called into on the way (a test
 *                class): a field of one holds a subject as a singleton only where no other
 *                class's field does, since the library it called may keep what it made for the
 *                JVM (Commons VFS's trial: {@code VFS.instance}, not the test class's
 *                {@code FileObject} of that manager)
 */
public record Makers(List<String> classes, List<String> entered) {

    /** Nobody known: the dump's order names the holders. */
    public static final Makers NONE = new Makers(List.of(), List.of());

    public Makers {
        classes = List.copyOf(classes);
        entered = List.copyOf(entered);
    }
}
