package dev.threadleak.agent.weaving;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weaves hook points into a class file's bytes without ASM: the constant pool and every member
 * are copied as they are, the few entries the calls need are appended to the pool (so that the
 * indices the class already uses, an {@code ldc}'s among them, keep their values when the JVM
 * merges the pools of a retransformation), and only the {@code Code} of a matched method is
 * rewritten ({@link CodePatch}). The calls are the ones {@link AsmWeaving} makes, instruction for
 * instruction, in the same places.
 *
 * <p>It does not compute stack map frames and does not re-encode switches: a matched method that
 * has branches but no frames (a class retransformed on JDK 17, JDK-8228604), a switch, a
 * subroutine, type annotations on its code, or a branch that would no longer fit its offset makes
 * {@link #weave} answer null, and the weaver hands the class to ASM. Malformed input throws.
 */
final class ClassFilePatch {

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;

    private final byte[] in;
    /** Where each constant pool entry starts (its tag), by index; 0 for the second slot of a long or double. */
    private final int[] entries;
    private final int poolEnd;
    private final ByteArrayOutputStream added = new ByteArrayOutputStream();
    private final Map<String, Integer> addedIndex = new HashMap<>();
    private int nextIndex;

    private ClassFilePatch(byte[] in) {
        this.in = in;
        if (u4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = u2(8);
        entries = new int[count];
        int offset = 10;
        for (int i = 1; i < count; i++) {
            entries[i] = offset;
            int tag = in[offset] & 0xff;
            offset += tag == 1 ? 3 + u2(offset + 1) : entrySize(tag, offset);
            if (tag == 5 || tag == 6) {
                i++; // a long or a double takes two slots
            }
        }
        poolEnd = offset;
        nextIndex = count;
    }

    /**
     * The class with the hooks of {@code points} woven in; {@code bytes} itself if no method
     * matched; null if a matched method has a shape this patch leaves to ASM.
     */
    static byte[] weave(byte[] bytes, List<HookPoint> points) {
        return new ClassFilePatch(bytes).weave(points);
    }

    private byte[] weave(List<HookPoint> points) {
        int offset = poolEnd + 6; // access flags, this class, super class
        offset += 2 + 2 * u2(offset); // interfaces
        Set<String> fields = new HashSet<>();
        int fieldCount = u2(offset);
        offset += 2;
        for (int f = 0; f < fieldCount; f++) {
            fields.add(utf8(u2(offset + 2)) + utf8(u2(offset + 4)));
            offset = skipAttributes(offset + 6);
        }
        int methodsStart = offset;
        ByteArrayOutputStream methods = new ByteArrayOutputStream(in.length + 256);
        int copied = offset;
        int methodCount = u2(offset);
        offset += 2;
        for (int m = 0; m < methodCount; m++) {
            int end = skipAttributes(offset + 6);
            List<HookPoint> matched = matching(points, offset);
            if (!matched.isEmpty()) {
                int code = codeAttribute(offset);
                byte[] patched = code < 0 ? null : patchCode(code, matched, fields);
                if (patched == null) {
                    return null;
                }
                methods.write(in, copied, code - copied);
                methods.write(patched, 0, patched.length);
                copied = code + 6 + u4(code + 2);
            }
            offset = end;
        }
        if (copied == methodsStart) {
            return in; // nothing matched
        }
        if (nextIndex > 0xffff) {
            return null;
        }
        methods.write(in, copied, in.length - copied);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + added.size() + methods.size());
        out.write(in, 0, 8);
        writeU2(out, nextIndex);
        out.write(in, 10, poolEnd - 10);
        out.write(added.toByteArray(), 0, added.size());
        out.write(in, poolEnd, methodsStart - poolEnd);
        byte[] rest = methods.toByteArray();
        out.write(rest, 0, rest.length);
        return out.toByteArray();
    }

    /** The points that weave into the method at {@code offset}, in their order; none for an abstract or native one. */
    private List<HookPoint> matching(List<HookPoint> points, int offset) {
        int access = u2(offset);
        List<HookPoint> matched = new ArrayList<>(2);
        if ((access & (ACC_ABSTRACT | ACC_NATIVE)) != 0) {
            return matched;
        }
        String name = null;
        String descriptor = null;
        for (HookPoint point : points) {
            if (name == null) {
                if (!utf8Is(u2(offset + 2), point.method())) {
                    continue;
                }
                name = point.method();
                descriptor = utf8(u2(offset + 4));
            }
            if (point.matches(name, descriptor, (access & ACC_PUBLIC) != 0, (access & ACC_STATIC) != 0)) {
                matched.add(point);
            }
        }
        return matched;
    }

    /** The offset of the method's {@code Code} attribute (its name index), or -1. */
    private int codeAttribute(int method) {
        int count = u2(method + 6);
        int offset = method + 8;
        for (int a = 0; a < count; a++) {
            if (utf8Is(u2(offset), "Code")) {
                return offset;
            }
            offset += 6 + u4(offset + 2);
        }
        return -1;
    }

    private byte[] patchCode(int code, List<HookPoint> matched, Set<String> fields) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        ByteArrayOutputStream exit = new ByteArrayOutputStream();
        int entryStack = 0;
        int exitStack = 0;
        for (HookPoint point : matched) {
            int stack = call(point.atExit() ? exit : entry, point, fields);
            if (stack < 0) {
                return null;
            }
            if (point.atExit()) {
                exitStack = Math.max(exitStack, stack);
            } else {
                entryStack = Math.max(entryStack, stack);
            }
        }
        return CodePatch.rewrite(this, code, entry.toByteArray(), entryStack, exit.toByteArray(), exitStack);
    }

    /**
     * Writes one hook call, as {@link AsmWeaving} would; answers the stack it needs, or -1 for a
     * load it does not write (an argument past slot 255, which needs {@code wide}).
     */
    private int call(ByteArrayOutputStream code, HookPoint point, Set<String> fields) {
        int stack = 0;
        for (HookPoint.Load load : point.loads()) {
            switch (load.kind()) {
                case HookPoint.Load.THIS -> {
                    code.write(0x2a); // aload_0
                    stack += 1;
                }
                case HookPoint.Load.ARG -> stack += local(code, 0x2a, 0x19, load.slot(), 1); // aload_n, aload
                case HookPoint.Load.INT_ARG -> stack += local(code, 0x1a, 0x15, load.slot(), 1); // iload_n, iload
                case HookPoint.Load.LONG_ARG -> stack += local(code, 0x1e, 0x16, load.slot(), 2); // lload_n, lload
                case HookPoint.Load.INT_CONST -> {
                    pushInt(code, (int) load.value());
                    stack += 1;
                }
                case HookPoint.Load.LONG_CONST -> {
                    pushLong(code, load.value());
                    stack += 2;
                }
                case HookPoint.Load.FIELD -> stack += getField(code, load);
                case HookPoint.Load.FIELD_OR_NULL -> {
                    if (fields.contains(load.name() + load.descriptor())) {
                        stack += getField(code, load);
                    } else {
                        code.write(0x01); // aconst_null
                        stack += 1;
                    }
                }
                default -> {
                    code.write(0x59); // dup: the return value, left on the stack for the return
                    stack += 1;
                }
            }
            if (stack > 0xff) {
                return -1;
            }
        }
        code.write(0xb8); // invokestatic
        writeU2(code, memberRef(10, HookWeaver.HOOKS, point.hook(), point.hookDescriptor()));
        return stack;
    }

    /** A local load: the one-byte form for slots 0 to 3; answers the stack it takes, or a large negative past slot 255. */
    private static int local(ByteArrayOutputStream code, int shortForm, int longForm, int slot, int size) {
        if (slot <= 3) {
            code.write(shortForm + slot);
        } else if (slot <= 0xff) {
            code.write(longForm);
            code.write(slot);
        } else {
            return -0x10000;
        }
        return size;
    }

    private int getField(ByteArrayOutputStream code, HookPoint.Load field) {
        code.write(0x2a); // aload_0
        code.write(0xb4); // getfield
        writeU2(code, memberRef(9, field.owner(), field.name(), field.descriptor()));
        return field.descriptor().equals("J") || field.descriptor().equals("D") ? 2 : 1;
    }

    /** As javac and {@link AsmWeaving} do: no pool entry for an int that fits an instruction. */
    private void pushInt(ByteArrayOutputStream code, int value) {
        if (value >= -1 && value <= 5) {
            code.write(0x03 + value); // iconst_m1 .. iconst_5
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            code.write(0x10); // bipush
            code.write(value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            code.write(0x11); // sipush
            writeU2(code, value);
        } else {
            code.write(0x13); // ldc_w: an appended entry's index may pass 255
            writeU2(code, constant(3, "I" + value, value));
        }
    }

    private void pushLong(ByteArrayOutputStream code, long value) {
        if (value == 0 || value == 1) {
            code.write(0x09 + (int) value); // lconst_0, lconst_1
        } else if (value >= -1 && value <= 5) {
            pushInt(code, (int) value);
            code.write(0x85); // i2l
        } else {
            code.write(0x14); // ldc2_w
            writeU2(code, constant(5, "J" + value, value));
        }
    }

    // ---- the constant pool: read, and appended to ----

    private int memberRef(int tag, String owner, String name, String descriptor) {
        String key = tag + " " + owner + "." + name + descriptor;
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        int classIndex = classRef(owner);
        int nameAndType = nameAndType(name, descriptor);
        int index = append(key, 1);
        added.write(tag);
        writeU2(added, classIndex);
        writeU2(added, nameAndType);
        return index;
    }

    private int classRef(String internalName) {
        String key = "7 " + internalName;
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        int name = utf8Entry(internalName);
        int index = append(key, 1);
        added.write(7);
        writeU2(added, name);
        return index;
    }

    private int nameAndType(String name, String descriptor) {
        String key = "12 " + name + " " + descriptor;
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        int n = utf8Entry(name);
        int d = utf8Entry(descriptor);
        int index = append(key, 1);
        added.write(12);
        writeU2(added, n);
        writeU2(added, d);
        return index;
    }

    private int utf8Entry(String value) {
        String key = "1 " + value;
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        int index = append(key, 1);
        added.write(1);
        writeU2(added, value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7f) {
                throw new IllegalArgumentException("not an ASCII name: " + value); // ours all are
            }
            added.write(c);
        }
        return index;
    }

    /** An int (tag 3) or long (tag 5) constant. */
    private int constant(int tag, String key, long value) {
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        int index = append(key, tag == 5 ? 2 : 1);
        added.write(tag);
        if (tag == 5) {
            writeU2(added, (int) (value >>> 48));
            writeU2(added, (int) (value >>> 32));
        }
        writeU2(added, (int) (value >>> 16));
        writeU2(added, (int) value);
        return index;
    }

    private int append(String key, int slots) {
        int index = nextIndex;
        nextIndex += slots;
        addedIndex.put(key, index);
        return index;
    }

    private static int entrySize(int tag, int offset) {
        return switch (tag) {
            case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
            case 5, 6 -> 9;
            case 7, 8, 16, 19, 20 -> 3;
            case 15 -> 4;
            default -> throw new IllegalArgumentException("constant pool tag " + tag + " at " + offset);
        };
    }

    /** Whether pool entry {@code index} is the UTF-8 constant {@code value} (ASCII, as every name we look for). */
    boolean utf8Is(int index, String value) {
        int offset = entries[index];
        if (in[offset] != 1 || u2(offset + 1) != value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (in[offset + 3 + i] != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Pool entry {@code index}, a UTF-8 constant, decoded (the class file's modified UTF-8). */
    String utf8(int index) {
        int offset = entries[index];
        if (in[offset] != 1) {
            throw new IllegalArgumentException("constant " + index + " is not UTF-8");
        }
        int length = u2(offset + 1);
        StringBuilder s = new StringBuilder(length);
        int i = offset + 3;
        int end = i + length;
        while (i < end) {
            int b = in[i++] & 0xff;
            if (b < 0x80) {
                s.append((char) b);
            } else if ((b & 0xe0) == 0xc0) {
                s.append((char) (((b & 0x1f) << 6) | (in[i++] & 0x3f)));
            } else {
                s.append((char) (((b & 0x0f) << 12) | ((in[i++] & 0x3f) << 6) | (in[i++] & 0x3f)));
            }
        }
        return s.toString();
    }

    // ---- reading and writing ----

    private int skipAttributes(int offset) {
        int count = u2(offset);
        offset += 2;
        for (int a = 0; a < count; a++) {
            offset += 6 + u4(offset + 2);
        }
        return offset;
    }

    byte[] bytes() {
        return in;
    }

    int u1(int offset) {
        return in[offset] & 0xff;
    }

    int u2(int offset) {
        return ((in[offset] & 0xff) << 8) | (in[offset + 1] & 0xff);
    }

    int u4(int offset) {
        return ((in[offset] & 0xff) << 24) | ((in[offset + 1] & 0xff) << 16) | ((in[offset + 2] & 0xff) << 8)
                | (in[offset + 3] & 0xff);
    }

    static void writeU2(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    static void writeU4(ByteArrayOutputStream out, int value) {
        writeU2(out, value >>> 16);
        writeU2(out, value);
    }
}
