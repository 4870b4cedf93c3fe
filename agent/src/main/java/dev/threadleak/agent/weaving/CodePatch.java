package dev.threadleak.agent.weaving;

import java.io.ByteArrayOutputStream;

/**
 * Rewrites one method's {@code Code} attribute for {@link ClassFilePatch}: the entry calls before
 * the first instruction, the exit calls before each {@code return}, every offset that points past
 * an insertion moved by what was inserted before it. Where ASM puts a label, so does this: a
 * branch, handler, frame, line or local variable range that starts at a {@code return} now starts
 * at the exit calls before it (they run with that frame: they leave the stack as they found it),
 * and one that starts at offset 0 starts after the entry calls (which run once per call, not per
 * loop back to the start).
 *
 * <p>A {@code tableswitch} or {@code lookupswitch} is padded to its absolute offset, and
 * {@code jsr}/{@code ret} need subroutine analysis: a method with either is left to ASM, as one
 * with branches but no stack map frames, an attribute whose offsets we do not know, or a branch
 * whose new offset does not fit.
 */
final class CodePatch {

    private static final int GOTO_W = 0xc8;

    private final ClassFilePatch cls;
    private final int attribute;
    private final int start;
    private final int length;
    private final int entryLength;
    private final int exitLength;
    private int[] returns = new int[4];
    private int returnCount;

    private CodePatch(ClassFilePatch cls, int attribute, int entryLength, int exitLength) {
        this.cls = cls;
        this.attribute = attribute;
        this.length = cls.u4(attribute + 10);
        this.start = attribute + 14;
        this.entryLength = entryLength;
        this.exitLength = exitLength;
    }

    /**
     * The new {@code Code} attribute (from its name index on) of the one at {@code attribute}, or
     * null for a method left to ASM.
     */
    static byte[] rewrite(ClassFilePatch cls, int attribute, byte[] entry, int entryStack, byte[] exit,
                          int exitStack) {
        return new CodePatch(cls, attribute, entry.length, exit.length).rewrite(entry, entryStack, exit, exitStack);
    }

    private byte[] rewrite(byte[] entry, int entryStack, byte[] exit, int exitStack) {
        int branches = scan();
        if (branches < 0) {
            return null;
        }
        int exceptions = start + length;
        int attributes = exceptions + 2 + 8 * cls.u2(exceptions);
        if ((branches > 0 || cls.u2(exceptions) > 0) && !hasAttribute(attributes, "StackMapTable")) {
            return null; // frames to compute: ASM's work
        }
        ByteArrayOutputStream code = code(entry, exit);
        if (code == null || code.size() > 0xffff) {
            return null;
        }
        int oldStack = cls.u2(attribute + 6);
        int maxStack = Math.max(oldStack, Math.max(entryStack, exitLength == 0 ? 0 : oldStack + exitStack));
        if (maxStack > 0xffff) {
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length + 64);
        ClassFilePatch.writeU2(body, maxStack);
        ClassFilePatch.writeU2(body, cls.u2(attribute + 8)); // max locals: the calls use none
        ClassFilePatch.writeU4(body, code.size());
        body.write(code.toByteArray(), 0, code.size());
        int handlers = cls.u2(exceptions);
        ClassFilePatch.writeU2(body, handlers);
        for (int h = 0; h < handlers; h++) {
            int at = exceptions + 2 + 8 * h;
            ClassFilePatch.writeU2(body, target(cls.u2(at)));
            ClassFilePatch.writeU2(body, target(cls.u2(at + 2)));
            ClassFilePatch.writeU2(body, target(cls.u2(at + 4)));
            ClassFilePatch.writeU2(body, cls.u2(at + 6));
        }
        if (!attributes(attributes, body)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 6);
        ClassFilePatch.writeU2(out, cls.u2(attribute));
        ClassFilePatch.writeU4(out, body.size());
        out.write(body.toByteArray(), 0, body.size());
        return out.toByteArray();
    }

    /** Finds the returns (where exit calls go); answers the number of branches, or -1 for a method left to ASM. */
    private int scan() {
        int branches = 0;
        int pc = 0;
        while (pc < length) {
            int op = cls.u1(start + pc);
            int size = size(op, pc);
            if (size <= 0) {
                return -1;
            }
            if (isReturn(op) && exitLength > 0) {
                if (returnCount == returns.length) {
                    int[] more = new int[returns.length * 2];
                    System.arraycopy(returns, 0, more, 0, returnCount);
                    returns = more;
                }
                returns[returnCount++] = pc;
            }
            if (isBranch(op)) {
                branches++;
            }
            pc += size;
        }
        return pc == length ? branches : -1;
    }

    /** The code with the calls in it; null if a branch no longer fits its offset. */
    private ByteArrayOutputStream code(byte[] entry, byte[] exit) {
        byte[] in = cls.bytes();
        ByteArrayOutputStream code = new ByteArrayOutputStream(length + entry.length + exit.length * returnCount);
        code.write(entry, 0, entry.length);
        int pc = 0;
        while (pc < length) {
            int op = cls.u1(start + pc);
            int size = size(op, pc);
            if (isReturn(op) && exitLength > 0) {
                code.write(exit, 0, exit.length);
            }
            if (isBranch(op) && op != GOTO_W) {
                int offset = target((short) cls.u2(start + pc + 1) + pc) - instruction(pc);
                if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
                    return null;
                }
                code.write(op);
                ClassFilePatch.writeU2(code, offset);
            } else if (op == GOTO_W) {
                code.write(op);
                ClassFilePatch.writeU4(code, target(cls.u4(start + pc + 1) + pc) - instruction(pc));
            } else {
                code.write(in, start + pc, size);
            }
            pc += size;
        }
        return code;
    }

    /** Copies the code's attributes with their offsets moved; false for one we do not know. */
    private boolean attributes(int offset, ByteArrayOutputStream body) {
        int count = cls.u2(offset);
        ClassFilePatch.writeU2(body, count);
        offset += 2;
        for (int a = 0; a < count; a++) {
            int name = cls.u2(offset);
            int size = cls.u4(offset + 2);
            int at = offset + 6;
            ByteArrayOutputStream moved = new ByteArrayOutputStream(size + 16);
            if (cls.utf8Is(name, "StackMapTable")) {
                if (!frames(at, moved)) {
                    return false;
                }
            } else if (cls.utf8Is(name, "LineNumberTable")) {
                lines(at, moved);
            } else if (cls.utf8Is(name, "LocalVariableTable") || cls.utf8Is(name, "LocalVariableTypeTable")) {
                ranges(at, moved);
            } else {
                return false; // type annotations, or an attribute we cannot move
            }
            ClassFilePatch.writeU2(body, name);
            ClassFilePatch.writeU4(body, moved.size());
            body.write(moved.toByteArray(), 0, moved.size());
            offset = at + size;
        }
        return true;
    }

    private void lines(int at, ByteArrayOutputStream out) {
        int count = cls.u2(at);
        ClassFilePatch.writeU2(out, count);
        for (int i = 0; i < count; i++) {
            ClassFilePatch.writeU2(out, target(cls.u2(at + 2 + 4 * i)));
            ClassFilePatch.writeU2(out, cls.u2(at + 4 + 4 * i));
        }
    }

    private void ranges(int at, ByteArrayOutputStream out) {
        int count = cls.u2(at);
        ClassFilePatch.writeU2(out, count);
        for (int i = 0; i < count; i++) {
            int entry = at + 2 + 10 * i;
            int from = cls.u2(entry);
            int newFrom = target(from);
            ClassFilePatch.writeU2(out, newFrom);
            ClassFilePatch.writeU2(out, target(from + cls.u2(entry + 2)) - newFrom);
            ClassFilePatch.writeU2(out, cls.u2(entry + 4)); // name
            ClassFilePatch.writeU2(out, cls.u2(entry + 6)); // descriptor or signature
            ClassFilePatch.writeU2(out, cls.u2(entry + 8)); // slot
        }
    }

    /** The stack map frames at their new offsets; a frame type may grow to its extended form. */
    private boolean frames(int at, ByteArrayOutputStream out) {
        int count = cls.u2(at);
        ClassFilePatch.writeU2(out, count);
        int p = at + 2;
        int oldOffset = -1;
        int newOffset = -1;
        for (int i = 0; i < count; i++) {
            int type = cls.u1(p++);
            int delta;
            if (type < 128) {
                delta = type < 64 ? type : type - 64;
            } else if (type >= 247) {
                delta = cls.u2(p);
                p += 2;
            } else {
                return false; // reserved
            }
            oldOffset += delta + 1;
            int moved = target(oldOffset);
            int newDelta = moved - newOffset - 1;
            newOffset = moved;
            if (type < 64 || type == 251) {
                writeFrameType(out, newDelta, 0, 251);
            } else if (type < 128 || type == 247) {
                writeFrameType(out, newDelta, 64, 247);
                p = verificationType(p, out);
            } else {
                out.write(type);
                ClassFilePatch.writeU2(out, newDelta);
                if (type >= 252 && type <= 254) {
                    for (int local = 0; local < type - 251; local++) {
                        p = verificationType(p, out);
                    }
                } else if (type == 255) {
                    for (int list = 0; list < 2; list++) { // locals, then stack
                        int items = cls.u2(p);
                        ClassFilePatch.writeU2(out, items);
                        p += 2;
                        for (int item = 0; item < items; item++) {
                            p = verificationType(p, out);
                        }
                    }
                }
            }
            if (p < 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFrameType(ByteArrayOutputStream out, int delta, int shortBase, int extended) {
        if (delta < 64) {
            out.write(shortBase + delta);
        } else {
            out.write(extended);
            ClassFilePatch.writeU2(out, delta);
        }
    }

    /** Copies one verification type; an uninitialized one names its {@code new} by offset. Answers where the next starts. */
    private int verificationType(int p, ByteArrayOutputStream out) {
        if (p < 0) {
            return p;
        }
        int tag = cls.u1(p);
        out.write(tag);
        if (tag == 7) { // object: a class in the pool
            ClassFilePatch.writeU2(out, cls.u2(p + 1));
            return p + 3;
        }
        if (tag == 8) { // uninitialized: the offset of its new
            ClassFilePatch.writeU2(out, instruction(cls.u2(p + 1)));
            return p + 3;
        }
        return tag < 7 ? p + 1 : -1;
    }

    private boolean hasAttribute(int offset, String name) {
        int count = cls.u2(offset);
        offset += 2;
        for (int a = 0; a < count; a++) {
            if (cls.utf8Is(cls.u2(offset), name)) {
                return true;
            }
            offset += 6 + cls.u4(offset + 2);
        }
        return false;
    }

    /** Where a label at old offset {@code pc} lands: after the entry calls, and at the exit calls before a return there. */
    private int target(int pc) {
        return pc + entryLength + exitLength * returnsBefore(pc);
    }

    /** Where the instruction at old offset {@code pc} lands: after the exit calls if it is a return. */
    private int instruction(int pc) {
        int moved = target(pc);
        int r = returnsBefore(pc);
        return r < returnCount && returns[r] == pc ? moved + exitLength : moved;
    }

    private int returnsBefore(int pc) {
        int low = 0;
        int high = returnCount;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (returns[mid] < pc) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static boolean isReturn(int op) {
        return op >= 0xac && op <= 0xb1;
    }

    /** The conditional branches, {@code goto}, {@code ifnull}, {@code ifnonnull}, {@code goto_w}. */
    private static boolean isBranch(int op) {
        return (op >= 0x99 && op <= 0xa7) || op == 0xc6 || op == 0xc7 || op == GOTO_W;
    }

    /** The instruction's length in bytes, or 0 for one this patch leaves to ASM (switches, subroutines, unknown). */
    private int size(int op, int pc) {
        if (op <= 0x0f || (op >= 0x1a && op <= 0x35) || (op >= 0x3b && op <= 0x83) || (op >= 0x85 && op <= 0x98)
                || (op >= 0xac && op <= 0xb1) || op == 0xbe || op == 0xbf || op == 0xc2 || op == 0xc3) {
            return 1;
        }
        if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a) || op == 0xbc) {
            return 2;
        }
        if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa7)
                || (op >= 0xb2 && op <= 0xb8) || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1
                || op == 0xc6 || op == 0xc7) {
            return 3;
        }
        if (op == 0xc5) {
            return 4; // multianewarray
        }
        if (op == 0xb9 || op == 0xba || op == GOTO_W) {
            return 5; // invokeinterface, invokedynamic
        }
        if (op == 0xc4) { // wide: iinc takes two more bytes
            return cls.u1(start + pc + 1) == 0x84 ? 6 : 4;
        }
        return 0; // jsr, ret, jsr_w, tableswitch, lookupswitch, or not an opcode
    }
}
