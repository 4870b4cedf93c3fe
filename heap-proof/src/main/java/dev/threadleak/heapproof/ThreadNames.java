package dev.threadleak.heapproof;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names of a few threads, read from the dump's {@code String}s: a proof's reason names the
 * threads it relied on, and the caller knows the names of only some (the CLI, those of its
 * report's leaks: an idle worker or {@code main} read {@code "?" #36}). The graph keeps no
 * {@code String} and no array of bytes, so they are found by reading the heap records again
 * ({@link HeapDump#threadNames}): the {@code String}s first, then their arrays, which the file
 * may hold before or after them.
 */
final class ThreadNames {

    /** What {@code String.coder} says of its bytes: one byte a character, or two in the JVM's order. */
    private static final int LATIN1 = 0;
    private static final Charset UTF16 = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;

    /** Where a {@code String} keeps its bytes and its coder, as offsets in its instance's fields. */
    record StringLayout(long classId, int value, int coder) {
    }

    private final StringLayout layout;
    private final Set<Long> strings;
    private final Map<Long, Long> arrayOf = new HashMap<>();
    private final Map<Long, Integer> coderOf = new HashMap<>();
    private final Map<Long, byte[]> arrays = new HashMap<>();

    /** To read the {@code String}s of ids {@code strings}, laid out as {@code layout} says. */
    ThreadNames(StringLayout layout, Set<Long> strings) {
        this.layout = layout;
        this.strings = Set.copyOf(strings);
    }

    StringLayout layout() {
        return layout;
    }

    /** Whether the instance {@code id} of class {@code classId} is one of the {@code String}s asked for. */
    boolean wants(long id, long classId) {
        return classId == layout.classId() && strings.contains(id);
    }

    /** The {@code String} {@code id} keeps its bytes in the array {@code array}, coded as {@code coder} says. */
    void string(long id, long array, int coder) {
        arrayOf.put(id, array);
        coderOf.put(id, coder);
    }

    /** Whether the byte array {@code id} holds the bytes of a {@code String} asked for. */
    boolean wantsArray(long id) {
        return arrayOf.containsValue(id) && !arrays.containsKey(id);
    }

    void array(long id, byte[] bytes) {
        arrays.put(id, bytes);
    }

    /** Whether every {@code String} asked for, and its bytes, were read. */
    boolean done() {
        return arrayOf.size() == strings.size() && arrayOf.values().stream().allMatch(arrays::containsKey);
    }

    /** Each {@code String} read, by its id, as text. */
    Map<Long, String> texts() {
        Map<Long, String> texts = new HashMap<>();
        arrayOf.forEach((string, array) -> {
            byte[] bytes = arrays.get(array);
            if (bytes != null) {
                texts.put(string, new String(bytes, coderOf.get(string) == LATIN1 ? StandardCharsets.ISO_8859_1 : UTF16));
            }
        });
        return texts;
    }
}
