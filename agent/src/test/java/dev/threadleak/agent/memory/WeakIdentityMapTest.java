package dev.threadleak.agent.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key the collector took hands its value on once, as soon as the map is listed: a listing that
 * skipped it until the JDK's reference handler queued it missed a collected Timer's record.
 */
class WeakIdentityMapTest {

    @Test
    void aClearedKeyIsHandedOnWhenListedThoughItsReferenceIsNotQueuedYetAndOnlyOnce() throws Exception {
        List<String> handedOn = new ArrayList<>();
        WeakIdentityMap<String> map = new WeakIdentityMap<>(handedOn::add);
        Object key = new Object();
        map.putIfAbsent(key, "record");
        Reference<?> ref = onlyKey(map);

        ref.clear(); // as the collector leaves it, until the reference handler queues it: clear() queues nothing
        assertEquals(List.of(), map.entries());
        assertEquals(List.of("record"), handedOn);
        assertEquals(0, map.size());

        ref.enqueue(); // the reference handler's turn comes
        map.expungeStale();
        assertEquals(List.of("record"), handedOn, "handed on once");
        Reference.reachabilityFence(key);
    }

    @Test
    void aKeyStillReachableIsListedAndNotHandedOn() {
        List<String> handedOn = new ArrayList<>();
        WeakIdentityMap<String> map = new WeakIdentityMap<>(handedOn::add);
        Object key = new Object();
        map.putIfAbsent(key, "record");

        assertEquals(List.of(Map.entry(key, "record")), map.entries());
        assertEquals(List.of(), handedOn);
    }

    /** The weak reference the map keys its only entry by. */
    private static Reference<?> onlyKey(WeakIdentityMap<?> map) throws ReflectiveOperationException {
        Field inner = WeakIdentityMap.class.getDeclaredField("map");
        inner.setAccessible(true);
        return (Reference<?>) ((Map<?, ?>) inner.get(map)).keySet().iterator().next();
    }
}
