package dev.threadleak.heapproof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reader's buffer: big-endian values, and values that straddle the end of what was read so far. */
class DumpBytesTest {

    @Test
    void readsBigEndianValuesWithTheirHighBitsSet() {
        byte[] bytes = {(byte) 0xfe, (byte) 0xdc, (byte) 0xba, (byte) 0x98, (byte) 0x76, 0x54, 0x32, 0x10};
        try (DumpBytes in = DumpBytes.of(bytes)) {
            in.require(8);
            assertEquals(0xfe, in.u1At(0));
            assertEquals(0xfedc, in.u2At(0));
            assertEquals(0xfedcba98, in.i4At(0));
            assertEquals(0xfedcba98L, in.u4At(0));
            assertEquals(0xfedcba9876543210L, in.i8At(0));
            assertEquals(0xfedcba98L, in.idAt(0, 4), "a 4-byte id is unsigned");
            assertEquals(0xfedcba9876543210L, in.idAt(0, 8));
        }
    }

    @Test
    void readsValuesAcrossTheEndOfTheBuffer() {
        int size = DumpBytes.BUFFER * 2 + 100;
        ByteBuffer file = ByteBuffer.allocate(size);
        for (int i = 0; i + 8 <= size; i += 8) {
            file.putLong(i, 0x0102030405060708L * (i / 8 + 1));
        }
        try (DumpBytes in = DumpBytes.of(file.array())) {
            in.require(16);
            for (long at : new long[] {DumpBytes.BUFFER - 3, DumpBytes.BUFFER + 5, 2L * DumpBytes.BUFFER - 1}) {
                in.seek(at);
                in.require(8);
                assertEquals(file.getLong((int) at), in.i8At(in.offset()), "a long at " + at);
                in.skip(8);
                assertEquals(at + 8, in.position());
            }
            in.seek(DumpBytes.BUFFER - 4);
            in.require(4);
            in.skip(2);
            in.require(8); // two bytes kept from the last read, six read anew
            assertEquals(file.getLong(DumpBytes.BUFFER - 2), in.i8At(in.offset()));
            byte[] copy = new byte[DumpBytes.BUFFER + 10];
            in.seek(7);
            in.bytes(copy, 0, copy.length);
            assertEquals(0, Arrays.compare(file.array(), 7, 7 + copy.length, copy, 0, copy.length));
            in.seek(size - 4);
            assertThrows(IllegalStateException.class, () -> in.require(8), "the file ends first");
        }
    }
}
