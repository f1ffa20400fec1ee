package dev.shmc.shm.array;

import static dev.shmc.shm.array.SharedLongArrayTest.assertOutOfBounds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import org.junit.jupiter.api.Test;

/** {@link SharedDoubleArray}: elements, views, bulk copies, fill and bounds. */
class SharedDoubleArrayTest extends DefaultRegionDirectoryTest {
    @Test
    void shouldReadBackWhatWasSetBitForBit() {
        try (SharedDoubleArray array = SharedDoubleArray.create("doubles", 4)) {
            array.set(0, Math.PI);
            array.set(1, Double.NaN);
            array.set(2, -0.0);
            array.set(3, Double.MIN_VALUE);
            assertEquals(Math.PI, array.get(0));
            assertEquals(Double.NaN, array.get(1));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(array.get(2)));
            assertEquals(Double.MIN_VALUE, array.get(3));
        }
    }

    @Test
    void shouldSliceCopyAndFill() {
        try (SharedDoubleArray array = SharedDoubleArray.create("ops", 8)) {
            array.fill(0, 8, 0.5);
            SharedDoubleArray slice = array.slice(4, 8);
            slice.copyFrom(new double[] {1.5, 2.5}, 0, 2, 2);
            double[] out = new double[8];
            array.copyTo(0, out, 0, 8);
            assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 2.5}, out);
            slice.fill(0, 1, -1.0);
            assertEquals(-1.0, array.get(4));
        }
    }

    @Test
    void shouldRejectOutOfBoundsWithClearMessage() {
        try (SharedDoubleArray array = SharedDoubleArray.create("bounds", 10)) {
            assertOutOfBounds(() -> array.get(10), "index 10", "length 10");
            assertOutOfBounds(() -> array.set(Long.MAX_VALUE, 0), "index " + Long.MAX_VALUE, "length 10");
            assertOutOfBounds(() -> array.slice(0, 11), "range [0", "length 10");
            assertOutOfBounds(() -> array.copyTo(5, new double[10], 0, 6), "range [5", "length 10");
        }
    }
}
