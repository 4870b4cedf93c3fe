package dev.threadleak.agent.memory;

/** How reports name an application object without holding it: class and identity hash, or a thread by name and id. */
public final class Identity {

    private Identity() {
    }

    public static String of(Object o) {
        if (o instanceof Thread t) {
            return "thread \"" + t.getName() + "\" #" + t.getId();
        }
        return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
}
