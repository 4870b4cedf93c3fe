package dev.threadleak.agent.weaving;

import java.util.List;

/**
 * One place in a JDK class where we call a static hook: at the entry of {@code owner.method} or
 * just before each of its normal returns, with the values {@code loads} push. A null descriptor
 * matches every method of that name; {@code publicOnly} leaves private overloads alone (the
 * common pool's private constructor, for one). A point matches instance methods, or with
 * {@code inStatic} static ones only (where slot 0 is the first argument and there is no
 * {@code this}); a point that passes nothing ({@link #signal}) matches both.
 */
public record HookPoint(String owner, String method, String descriptor, boolean atExit, boolean publicOnly,
                        String hook, String hookDescriptor, List<Load> loads, boolean inStatic) {

    /** What one hook argument is: made by the factories below, read by the weaver. */
    public sealed interface Load permits This, Arg, IntArg, LongArg, IntConst, LongConst, Field, FieldOrNull, ReturnValue {
    }

    /** {@code this}. Not at the entry of a constructor: it is not initialized there. */
    record This() implements Load {
    }

    /** A reference argument, by local slot (1 = first argument of an instance method). */
    record Arg(int slot) implements Load {
    }

    /** An int or boolean argument, by local slot. */
    record IntArg(int slot) implements Load {
    }

    /** A long argument, by its first local slot (a long takes two). */
    record LongArg(int slot) implements Load {
    }

    /** A constant int: which kind of wait a shared hook is told about. */
    record IntConst(int value) implements Load {
    }

    /** A constant long: "no timeout" where the method has none. */
    record LongConst(long value) implements Load {
    }

    /** A field of {@code this}: internal owner name, field name, field descriptor. */
    record Field(String owner, String name, String descriptor) implements Load {
    }

    /**
     * A reference field of {@code this}, or null where the class as loaded does not declare it with
     * that descriptor: for a JDK-internal field that another JDK may have moved.
     */
    record FieldOrNull(String owner, String name, String descriptor) implements Load {
    }

    /** The value about to be returned (exit only, reference returns, must come first). */
    record ReturnValue() implements Load {
    }

    public static final Load THIS = new This();
    public static final Load RETURN_VALUE = new ReturnValue();

    public static Load arg(int slot) {
        return new Arg(slot);
    }

    public static Load intArg(int slot) {
        return new IntArg(slot);
    }

    public static Load longArg(int slot) {
        return new LongArg(slot);
    }

    public static Load constant(int value) {
        return new IntConst(value);
    }

    public static Load constant(long value) {
        return new LongConst(value);
    }

    public static Load field(String owner, String name, String descriptor) {
        return new Field(owner, name, descriptor);
    }

    public static Load fieldOrNull(String owner, String name, String descriptor) {
        return new FieldOrNull(owner, name, descriptor);
    }

    /** {@code Hooks.hook(Thread this)} at entry. */
    public static HookPoint threadEntry(String owner, String method, String descriptor, String hook) {
        return new HookPoint(owner, method, descriptor, false, false, hook, "(Ljava/lang/Thread;)V", List.of(THIS),
                false);
    }

    public static HookPoint entry(String owner, String method, String descriptor, String hook, String hookDescriptor,
                                  Load... loads) {
        return new HookPoint(owner, method, descriptor, false, false, hook, hookDescriptor, List.of(loads), false);
    }

    /** At the entry of a static method: {@code loads} name its arguments by slot from 0, never {@code this}. */
    public static HookPoint staticEntry(String owner, String method, String descriptor, String hook,
                                        String hookDescriptor, Load... loads) {
        return new HookPoint(owner, method, descriptor, false, false, hook, hookDescriptor, List.of(loads), true);
    }

    public static HookPoint exit(String owner, String method, String descriptor, String hook, String hookDescriptor,
                                 Load... loads) {
        return new HookPoint(owner, method, descriptor, true, false, hook, hookDescriptor, List.of(loads), false);
    }

    /** {@code Hooks.hook()} at the entry of a method, static or not: it passes nothing. */
    public static HookPoint signal(String owner, String method, String descriptor, String hook) {
        return new HookPoint(owner, method, descriptor, false, false, hook, "()V", List.of(), false);
    }

    /** The same point, but only in public methods or constructors. */
    public HookPoint onlyInPublic() {
        return new HookPoint(owner, method, descriptor, atExit, true, hook, hookDescriptor, loads, inStatic);
    }

    boolean matches(String name, String desc, boolean isPublic, boolean isStatic) {
        return method.equals(name) && (descriptor == null || descriptor.equals(desc)) && (isPublic || !publicOnly)
                && (isStatic ? inStatic || loads.isEmpty() : !inStatic);
    }
}
