package dev.threadleak.heapproof;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small HPROF files by hand, with 4- or 8-byte ids, for tests of the reader and the proof:
 * a class is declared with its reference ({@code "name"}), long ({@code "name:J"}), int
 * ({@code "name:I"}) and byte ({@code "name:B"}) fields.
 */
final class HprofBuilder {

    private final int idSize;
    private final boolean descending;
    private long nextId;
    private int nextClassSerial = 1;
    private final ByteArrayOutputStream top = new ByteArrayOutputStream();
    private final ByteArrayOutputStream heap = new ByteArrayOutputStream();
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<Long, List<String>> layouts = new HashMap<>();
    private final Map<Long, Long> supers = new HashMap<>();

    HprofBuilder(int idSize) {
        this(idSize, false);
    }

    /**
     * {@code descending}: every id is smaller than the one before, as in no HotSpot dump (HotSpot
     * writes a heap region by region in address order), for the reader's path that does not rely
     * on that order.
     */
    HprofBuilder(int idSize, boolean descending) {
        this.idSize = idSize;
        this.descending = descending;
        this.nextId = descending ? 0x100_0000 : 0x1000;
    }

    /** A class whose instances have {@code fields}; statics map a name to a referenced id. */
    long declare(String name, long superId, List<String> fields, Map<String, Long> statics) {
        long id = newId();
        record(top, 0x02, out -> {
            out.writeInt(nextClassSerial++);
            id(out, id);
            out.writeInt(0);
            id(out, string(name.replace('.', '/')));
        });
        DataOutputStream out = new DataOutputStream(heap);
        run(() -> {
            out.writeByte(0x20);
            id(out, id);
            out.writeInt(0);
            id(out, superId);
            for (int i = 0; i < 5; i++) {
                id(out, 0);
            }
            out.writeInt(0);
            out.writeShort(0);
            out.writeShort(statics.size());
            for (Map.Entry<String, Long> s : statics.entrySet()) {
                id(out, string(s.getKey()));
                out.writeByte(2);
                id(out, s.getValue());
            }
            out.writeShort(fields.size());
            for (String f : fields) {
                id(out, string(bare(f)));
                out.writeByte(type(f));
            }
        });
        layouts.put(id, fields);
        supers.put(id, superId);
        return id;
    }

    long declare(String name, long superId, String... fields) {
        return declare(name, superId, List.of(fields), Map.of());
    }

    /** An instance; {@code values} by field name, missing ones null/0. */
    long instance(long classId, Map<String, Long> values) {
        return instance(newId(), classId, values);
    }

    /** An id for an object written later ({@link #instance(long, long, Map)}), so that others can refer to it first. */
    long reserve() {
        return newId();
    }

    /** The instance of id {@code id}, from {@link #reserve()}. */
    long instance(long id, long classId, Map<String, Long> values) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(data);
        for (long c = classId; c != 0; c = supers.getOrDefault(c, 0L)) {
            for (String f : layouts.get(c)) {
                long v = values.getOrDefault(bare(f), 0L);
                run(() -> {
                    switch (type(f)) {
                        case 11 -> d.writeLong(v);
                        case 10 -> d.writeInt((int) v);
                        case 8 -> d.writeByte((int) v);
                        default -> id(d, v);
                    }
                });
            }
        }
        DataOutputStream out = new DataOutputStream(heap);
        run(() -> {
            out.writeByte(0x21);
            id(out, id);
            out.writeInt(0);
            id(out, classId);
            out.writeInt(data.size());
            out.write(data.toByteArray());
        });
        return id;
    }

    long instance(long classId) {
        return instance(classId, Map.of());
    }

    long objectArray(long arrayClassId, long... elements) {
        long id = newId();
        DataOutputStream out = new DataOutputStream(heap);
        run(() -> {
            out.writeByte(0x22);
            id(out, id);
            out.writeInt(0);
            out.writeInt(elements.length);
            id(out, arrayClassId);
            for (long e : elements) {
                id(out, e);
            }
        });
        return id;
    }

    long byteArray(byte[] values) {
        return byteArray(newId(), values);
    }

    /** The byte array of id {@code id}, from {@link #reserve()}. */
    long byteArray(long id, byte[] values) {
        return primitiveArray(id, 8, values.length, out -> out.write(values));
    }

    long intArray(int... values) {
        return primitiveArray(newId(), 10, values.length, out -> {
            for (int v : values) {
                out.writeInt(v);
            }
        });
    }

    /** A primitive array of HPROF basic type {@code type}: {@code count} elements, which {@code values} writes. */
    private long primitiveArray(long id, int type, int count, Body values) {
        DataOutputStream out = new DataOutputStream(heap);
        run(() -> {
            out.writeByte(0x23);
            id(out, id);
            out.writeInt(0);
            out.writeInt(count);
            out.writeByte(type);
            values.write(out);
        });
        return id;
    }

    /** A root of {@code kind}; {@code serial} is written for the kinds that carry a thread serial. */
    void root(int kind, long id, int serial) {
        DataOutputStream out = new DataOutputStream(heap);
        run(() -> {
            out.writeByte(kind);
            id(out, id);
            switch (kind) {
                case 0x01 -> id(out, 0);
                case 0x02, 0x03 -> {
                    out.writeInt(serial);
                    out.writeInt(0);
                }
                case 0x08 -> {
                    out.writeInt(serial);
                    out.writeInt(0);
                }
                case 0x04, 0x06 -> out.writeInt(serial);
                default -> {
                }
            }
        });
    }

    byte[] build() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        run(() -> {
            out.write("JAVA PROFILE 1.0.2".getBytes(StandardCharsets.US_ASCII));
            out.writeByte(0);
            out.writeInt(idSize);
            out.writeLong(0);
            out.write(top.toByteArray());
            // the heap in two segments, as parallel dumpers write it
            byte[] body = heap.toByteArray();
            record(file, 0x1C, o -> o.write(body));
            record(file, 0x2C, o -> {
            });
        });
        return file.toByteArray();
    }

    /** A field's HPROF basic type, from its suffix: a reference without one. */
    private static int type(String field) {
        return field.endsWith(":J") ? 11 : field.endsWith(":I") ? 10 : field.endsWith(":B") ? 8 : 2;
    }

    private static String bare(String field) {
        return field.replaceAll(":[JIB]$", "");
    }

    private long string(String s) {
        return strings.computeIfAbsent(s, k -> {
            long id = newId();
            record(top, 0x01, out -> {
                id(out, id);
                out.write(k.getBytes(StandardCharsets.UTF_8));
            });
            return id;
        });
    }

    private long newId() {
        nextId += descending ? -16 : 16;
        return nextId;
    }

    private void id(DataOutputStream out, long id) throws IOException {
        if (idSize == 4) {
            out.writeInt((int) id);
        } else {
            out.writeLong(id);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void record(ByteArrayOutputStream to, int tag, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        run(() -> body.write(new DataOutputStream(bytes)));
        DataOutputStream out = new DataOutputStream(to);
        run(() -> {
            out.writeByte(tag);
            out.writeInt(0);
            out.writeInt(bytes.size());
            out.write(bytes.toByteArray());
        });
    }

    private static void run(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Field values by name, for {@link #instance(long, Map)}. */
    static Map<String, Long> fields(Object... nameValue) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put((String) nameValue[i], ((Number) nameValue[i + 1]).longValue());
        }
        return map;
    }

    static List<String> list(String... names) {
        return new ArrayList<>(List.of(names));
    }
}
