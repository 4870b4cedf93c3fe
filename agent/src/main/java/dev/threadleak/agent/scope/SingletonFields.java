package dev.threadleak.agent.scope;

import dev.threadleak.report.Frame;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The static fields this JVM's heap proofs found holding a thread, executor or queued task as a
 * singleton ({@code com.acme.Registry.INSTANCE}), asked again by reflection before the next check
 * dumps the heap for the same question: a library's JVM-wide pool that each test makes anew
 * (Dubbo's global shared pool, made again by every {@code @BeforeEach} of
 * {@code ConfigManagerTest}) cost each test a wait and a dump to be left out.
 *
 * <p>What reflection finds is a fact of the moment, as the dump's is, and a narrower one: it
 * follows only the instance fields of the program's classes (the JDK's cannot be opened), never
 * an array, collection, map, reference, thread, thread group or class loader, to a few levels;
 * what it does not reach is left to the dump. Two of the JDK's holders it sees through without
 * opening them: an {@code AtomicReference}, by its public {@code get()}, and the wrapper
 * {@code Executors} puts around a pool it makes, which the agent was told of when it was made
 * (a pool's {@code alias}): a library's {@code static ExecutorService POOL =
 * Executors.newSingleThreadExecutor()} holds the wrapper, and the dump, which follows the JDK's
 * fields too, found the pool held through it. A field whose class name more than one loaded class
 * bears is not read (which of them held it is not known), nor one of a class it cannot open.
 * Reading a static field initializes its class: only a class whose static held a subject, so is
 * initialized, is read. The classes are held weakly: a test's class loader is not kept.
 */
final class SingletonFields {

    /** How many fields are remembered; those found later are counted, not kept. */
    static final int MAX_FIELDS = 32;
    /** How deep and how wide one field's walk goes: a singleton's chain is short. */
    static final int MAX_DEPTH = 6;
    static final int MAX_OBJECTS = 512;

    private final Supplier<Class<?>[]> loadedClasses;
    /** By field name: its class, or null when it cannot be read. */
    private final Map<String, WeakReference<Class<?>>> fields = new LinkedHashMap<>();
    private long notRemembered;

    /** {@code loadedClasses}: every class the JVM has loaded ({@code Instrumentation.getAllLoadedClasses}). */
    SingletonFields(Supplier<Class<?>[]> loadedClasses) {
        this.loadedClasses = loadedClasses;
    }

    /** Remembers {@code field} ({@code owner.name}), which a heap proof found holding a subject as a singleton. */
    synchronized void remember(String field) {
        if (fields.containsKey(field)) {
            return;
        }
        if (fields.size() >= MAX_FIELDS) {
            notRemembered++;
            return;
        }
        fields.put(field, resolve(field));
    }

    /** How many fields were not remembered for the bound. */
    synchronized long notRemembered() {
        return notRemembered;
    }

    /** The remembered field that holds {@code subject} as a singleton now, by reflection; null if none is seen to. */
    String holderOf(Object subject) {
        return holderOf(subject, null);
    }

    /**
     * The same, where the code may hold {@code alias} in its place (the JDK's wrapper around a pool,
     * or null): a field that reaches either holds the subject.
     */
    String holderOf(Object subject, Object alias) {
        if (subject == null) {
            return null;
        }
        for (Map.Entry<String, Class<?>> field : readable()) {
            try {
                if (reaches(read(field.getValue(), field.getKey()), subject, alias)) {
                    return field.getKey();
                }
            } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
                // not readable after all (a module that will not open): the dump answers
            }
        }
        return null;
    }

    private synchronized List<Map.Entry<String, Class<?>>> readable() {
        List<Map.Entry<String, Class<?>>> readable = new ArrayList<>(fields.size());
        for (Map.Entry<String, WeakReference<Class<?>>> e : fields.entrySet()) {
            Class<?> owner = e.getValue() == null ? null : e.getValue().get();
            if (owner != null) {
                readable.add(Map.entry(e.getKey(), owner));
            }
        }
        return readable;
    }

    /** The one loaded class named as {@code field}'s owner, weakly; null if none or several. */
    private WeakReference<Class<?>> resolve(String field) {
        int dot = field.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String owner = field.substring(0, dot);
        Class<?> found = null;
        try {
            for (Class<?> c : loadedClasses.get()) {
                if (c.getName().equals(owner)) {
                    if (found != null) {
                        return null; // two loaders' classes: which one held it is not known
                    }
                    found = c;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return found == null ? null : new WeakReference<>(found);
    }

    private static Object read(Class<?> owner, String field) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(field.substring(field.lastIndexOf('.') + 1));
        if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || !f.trySetAccessible()) {
            return null;
        }
        return f.get(null);
    }

    /**
     * Whether {@code subject} or its {@code alias} is {@code root}, or reached from it through the
     * program's instance fields alone (and {@code AtomicReference}s).
     */
    private static boolean reaches(Object root, Object subject, Object alias) throws IllegalAccessException {
        if (root == null) {
            return false;
        }
        if (root == subject || root == alias) {
            return true;
        }
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> level = List.of(root);
        seen.put(root, true);
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty() && seen.size() < MAX_OBJECTS; depth++) {
            List<Object> next = new ArrayList<>();
            for (Object o : level) {
                for (Object value : referents(o)) {
                    if (value == null) {
                        continue; // and never taken for a subject's absent alias
                    }
                    if (value == subject || value == alias) {
                        return true;
                    }
                    if (seen.size() < MAX_OBJECTS && seen.put(value, true) == null) {
                        next.add(value);
                    }
                }
            }
            level = next;
        }
        return false;
    }

    /** What the walk goes on to from {@code o}: its instance fields', or an {@code AtomicReference}'s value. */
    private static List<Object> referents(Object o) throws IllegalAccessException {
        if (o instanceof AtomicReference<?> ref) {
            return Collections.singletonList(ref.get()); // public: nothing to open
        }
        if (!walked(o.getClass())) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        for (Class<?> c = o.getClass(); c != null && !jdk(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.trySetAccessible()) {
                    values.add(f.get(o));
                }
            }
        }
        return values;
    }

    /** Whether the walk goes on through an object of {@code c}: as the heap proof's singleton walk, and the program's only. */
    private static boolean walked(Class<?> c) {
        return !c.isArray() && !jdk(c) && !Collection.class.isAssignableFrom(c) && !Map.class.isAssignableFrom(c)
                && !Reference.class.isAssignableFrom(c) && !Thread.class.isAssignableFrom(c)
                && !ThreadGroup.class.isAssignableFrom(c) && !ClassLoader.class.isAssignableFrom(c);
    }

    private static boolean jdk(Class<?> c) {
        return Frame.isJdkClass(c.getName());
    }
}
