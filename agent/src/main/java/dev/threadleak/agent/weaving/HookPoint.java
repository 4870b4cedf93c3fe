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

    /**
     * What one hook argument is: made by the factories below, read by the weavers, which switch on
     * its {@code kind}. One record for every kind, not one each: each class is a load at
     * {@code premain}, and start-up is the application's.
     *
     * @param slot       the local slot of an argument (1 = first argument of an instance method)
     * @param value      a constant's value
     * @param owner      a field's class, internal name
     * @param name       a field's name
     * @param descriptor a field's descriptor
     */
    public record Load(int kind, int slot, long value, String owner, String name, String descriptor) {

        /** {@code this}. Not at the entry of a constructor: it is not initialized there. */
        public static final int THIS = 0;
        /** A reference argument, by local slot. */
        public static final int ARG = 1;
        /** An int or boolean argument, by local slot. */
        public static final int INT_ARG = 2;
        /** A long argument, by its first local slot (a long takes two). */
        public static final int LONG_ARG = 3;
        /** A constant int: which kind of wait a shared hook is told about. */
        public static final int INT_CONST = 4;
        /** A constant long: "no timeout" where the method has none. */
        public static final int LONG_CONST = 5;
        /** A field of {@code this}. */
        public static final int FIELD = 6;
        /**
         * A reference field of {@code this}, or null where the class as loaded does not declare it with
         * that descriptor: for a JDK-internal field that another JDK may have moved.
         */
        public static final int FIELD_OR_NULL = 7;
        /** The value about to be returned (exit only, reference returns, must come first). */
        public static final int RETURN_VALUE = 8;
    }

    public static final Load THIS = new Load(Load.THIS, 0, 0, null, null, null);
    public static final Load RETURN_VALUE = new Load(Load.RETURN_VALUE, 0, 0, null, null, null);

    public static Load arg(int slot) {
        return new Load(Load.ARG, slot, 0, null, null, null);
    }

    public static Load intArg(int slot) {
        return new Load(Load.INT_ARG, slot, 0, null, null, null);
    }

    public static Load longArg(int slot) {
        return new Load(Load.LONG_ARG, slot, 0, null, null, null);
    }

    public static Load constant(int value) {
        return new Load(Load.INT_CONST, 0, value, null, null, null);
    }

    public static Load constant(long value) {
        return new Load(Load.LONG_CONST, 0, value, null, null, null);
    }

    /** A field of {@code this}: internal owner name, field name, field descriptor. */
    public static Load field(String owner, String name, String descriptor) {
        return new Load(Load.FIELD, 0, 0, owner, name, descriptor);
    }

    public static Load fieldOrNull(String owner, String name, String descriptor) {
        return new Load(Load.FIELD_OR_NULL, 0, 0, owner, name, descriptor);
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
