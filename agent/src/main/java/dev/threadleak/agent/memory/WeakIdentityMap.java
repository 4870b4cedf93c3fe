package dev.threadleak.agent.memory;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A concurrent map keyed by object identity that holds its keys weakly: executors and tasks are
 * the application's objects, and we must not be the reason one stays in memory. Identity, not
 * {@code equals}: a task class may define equality, and two equal tasks are still two tasks.
 * Lock-free on the hot path. Entries of collected keys are purged as entries come and go, when the
 * entries are listed, and when {@link #expungeStale} is called (the channel's thread does, every
 * few seconds): a value may be large (an executor's record holds its creation stack), and must not
 * wait for the application to create something before its memory returns. The value of each
 * collected key is handed to the map's {@code onCollected} (which must not call back into it).
 */
public final class WeakIdentityMap<V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    /** Null for none: a no-op lambda here would be spun at premain, for the maps made there. */
    private final Consumer<V> onCollected;

    public WeakIdentityMap() {
        this(null);
    }

    /** A map that hands the value of each collected key to {@code onCollected} as it purges it. */
    public WeakIdentityMap(Consumer<V> onCollected) {
        this.onCollected = onCollected;
    }

    public V get(Object key) {
        return map.get(new Probe(key));
    }

    /** Adds unless present; returns the value now in the map. */
    public V putIfAbsent(Object key, V value) {
        purge();
        V previous = map.putIfAbsent(new WeakKey(key, collected), value);
        return previous == null ? value : previous;
    }

    public V remove(Object key) {
        V removed = map.remove(new Probe(key));
        purge();
        return removed;
    }

    /** Drops the entries whose keys were collected. */
    public void expungeStale() {
        purge();
    }

    /** Cheap enough for a hot path: no key is made, no identity hash asked for. */
    public boolean isEmpty() {
        return map.isEmpty();
    }

    public int size() {
        return map.size();
    }

    /**
     * The live entries; keys are strong for as long as the caller holds the list. A key the
     * collector cleared is purged here though its reference is not queued yet: the JDK's
     * reference handler queues it a moment after the collection, and in that moment the entry was
     * neither listed nor handed on, so a collected executor was in no report (a test that ended a
     * Timer through the collector passed, once, in a full run on a loaded machine).
     */
    public List<Map.Entry<Object, V>> entries() {
        purge();
        List<Map.Entry<Object, V>> result = new ArrayList<>(map.size());
        List<Object> cleared = null;
        for (Map.Entry<Object, V> e : map.entrySet()) {
            Object key = ((WeakKey) e.getKey()).get();
            if (key != null) {
                result.add(Map.entry(key, e.getValue()));
            } else {
                cleared = cleared == null ? new ArrayList<>() : cleared;
                cleared.add(e.getKey());
            }
        }
        if (cleared != null) {
            cleared.forEach(this::collected);
        }
        return result;
    }

    private void purge() {
        Object ref;
        while ((ref = collected.poll()) != null) {
            collected(ref);
        }
    }

    /** Removes the entry of {@code ref}, a cleared key, and hands on its value: once, whoever comes first. */
    private void collected(Object ref) {
        V value = map.remove(ref);
        if (value != null && onCollected != null) {
            onCollected.accept(value);
        }
    }

    /** Both key kinds compare by the identity of what they refer to. */
    private interface IdentityKey {
        Object referent();
    }

    private static final class WeakKey extends WeakReference<Object> implements IdentityKey {
        private final int hash;

        WeakKey(Object key, ReferenceQueue<Object> queue) {
            super(key, queue);
            hash = System.identityHashCode(key);
        }

        @Override
        public Object referent() {
            return get();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = get();
            return mine != null && o instanceof IdentityKey k && k.referent() == mine;
        }
    }

    /** A lookup key: short-lived, so it may hold its object strongly. */
    private record Probe(Object referent) implements IdentityKey {
        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.referent() == referent;
        }
    }
}
