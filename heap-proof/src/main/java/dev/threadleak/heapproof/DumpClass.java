package dev.threadleak.heapproof;

/**
 * A class as its HPROF class dump describes it: its superclass and the instance fields it
 * declares (names as string ids, HPROF basic types). Instances lay out their own fields first,
 * then their superclass's, and so on.
 */
final class DumpClass {

    static final int OBJECT = 2;
    static final int BYTE = 8;
    static final int INT = 10;
    static final int LONG = 11;

    final long id;
    final long superId;
    final long[] declaredNames;
    final byte[] declaredTypes;
    /** The dotted name, once asked for. */
    String name;

    DumpClass(long id, long superId, long[] declaredNames, byte[] declaredTypes) {
        this.id = id;
        this.superId = superId;
        this.declaredNames = declaredNames;
        this.declaredTypes = declaredTypes;
    }

    /** Size in bytes of a value of HPROF basic type {@code type}. */
    static int sizeOf(int type, int idSize) {
        return switch (type) {
            case OBJECT -> idSize;
            case 4, BYTE -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, INT -> 4; // float, int
            case 7, LONG -> 8; // double, long
            default -> throw new IllegalStateException("unknown HPROF basic type " + type);
        };
    }
}
