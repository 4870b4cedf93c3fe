package dev.threadleak.heapproof;

/**
 * A class as its HPROF class dump describes it: its superclass and the instance fields it
 * declares. The layout of an instance (its own fields, then its superclass's, and so on) is
 * computed on first use, since most classes in a dump have no instance the proof visits.
 */
final class DumpClass {

    static final int OBJECT = 2;

    final long id;
    final long superId;
    final long[] declaredNames;
    final byte[] declaredTypes;
    String name;
    /** Full layout, most derived class first: field names, types, byte offsets in the instance data. */
    String[] fieldNames;
    String[] fieldOwners;
    byte[] fieldTypes;
    int[] fieldOffsets;
    int[] referenceOffsets;

    DumpClass(long id, long superId, long[] declaredNames, byte[] declaredTypes) {
        this.id = id;
        this.superId = superId;
        this.declaredNames = declaredNames;
        this.declaredTypes = declaredTypes;
    }

    boolean laidOut() {
        return fieldNames != null;
    }

    /** Byte offset of field {@code field} declared by {@code owner} (any owner if null), or -1. */
    int offsetOf(String owner, String field) {
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i].equals(field) && (owner == null || owner.equals(fieldOwners[i]))) {
                return fieldOffsets[i];
            }
        }
        return -1;
    }

    int typeOf(String owner, String field) {
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i].equals(field) && (owner == null || owner.equals(fieldOwners[i]))) {
                return fieldTypes[i];
            }
        }
        return -1;
    }

    /** Size in bytes of a value of HPROF basic type {@code type}. */
    static int sizeOf(int type, int idSize) {
        return switch (type) {
            case OBJECT -> idSize;
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> throw new IllegalStateException("unknown HPROF basic type " + type);
        };
    }
}
