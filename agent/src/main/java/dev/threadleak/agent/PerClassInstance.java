package dev.threadleak.agent;

import java.util.function.Supplier;

/**
 * A test instance made once for its class, left in the heap as this class's static field for the
 * length of one heap dump, so that the proof counts what it holds as it counts what a static field
 * holds ({@code Scope.holderAlso}): such an instance lives as long as its class, and what it holds,
 * the class's {@code @AfterAll} ends. Deliberately outside the packages the proof takes for the
 * agent's bookkeeping: this field is a holder. Null outside a dump.
 */
public final class PerClassInstance {

    /** The field as the proof names a holder; reports name the instance's class instead ({@link #named}). */
    public static final String FIELD = PerClassInstance.class.getName() + ".instance";

    @SuppressWarnings("unused") // read from the heap dump
    private static volatile Object instance;

    private PerClassInstance() {
    }

    /** Runs {@code dump} with {@code held} in place (null: none); the caller serializes dumps. */
    public static <T> T during(Object held, Supplier<T> dump) {
        instance = held;
        try {
            return dump.get();
        } finally {
            instance = null;
        }
    }

    /** {@code field} as a report names it: {@code com.acme.PoolTest.this} for this field, of {@code held}'s class. */
    public static String named(String field, Object held) {
        return held != null && FIELD.equals(field) ? held.getClass().getName() + ".this" : field;
    }
}
