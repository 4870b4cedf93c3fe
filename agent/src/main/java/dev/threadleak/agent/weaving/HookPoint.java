package dev.threadleak.agent.weaving;

/**
 * One place in a JDK class where we call a hook on method entry: {@code owner.method(descriptor)}
 * calls {@code Hooks.hook} with {@code this} and then the first {@code arguments} arguments, all
 * of which must be references. A null descriptor matches every instance method of that name.
 */
public record HookPoint(String owner, String method, String descriptor, String hook, String hookDescriptor,
                        int arguments) {

    /** {@code Hooks.hook(Thread this)}. */
    public static HookPoint threadEntry(String owner, String method, String descriptor, String hook) {
        return new HookPoint(owner, method, descriptor, hook, "(Ljava/lang/Thread;)V", 0);
    }

    boolean matches(String name, String desc) {
        return method.equals(name) && (descriptor == null || descriptor.equals(desc));
    }
}
