package dev.shmc.shm.array;

import static dev.shmc.shm.array.SharedLongArrayTest.assertOutOfBounds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import org.junit.jupiter.api.Test;

/** {@link SharedIntArray}: elements, views, bulk copies, fill and bounds. */
class SharedIntArrayTest extends DefaultRegionDirectoryTest {
    @Test
    void shouldReadBackWhatWasSet() {
        try (SharedIntArray array = SharedIntArray.create("ints", 7)) {
            assertEquals(7, array.length());
            array.set(6, Integer.MIN_VALUE);
            array.set(5, 12);
            assertEquals(Integer.MIN_VALUE, array.get(6));
            assertEquals(12, array.get(5));
            assertEquals(0, array.get(0));
        }
    }

    @Test
    void shouldSliceCopyAndFill() {
        try (SharedIntArray array = SharedIntArray.create("ops", 10)) {
            array.fill(0, 10, 4);
            SharedIntArray slice = array.slice(2, 6);
            slice.copyFrom(new int[] {1, 2, 3}, 0, 1, 3);
            int[] out = new int[10];
            array.copyTo(0, out, 0, 10);
            assertArrayEquals(new int[] {4, 4, 4, 1, 2, 3, 4, 4, 4, 4}, out);
            int[] part = new int[2];
            slice.copyTo(2, part, 0, 2);
            assertArrayEquals(new int[] {2, 3}, part);
        }
    }

    @Test
    void shouldRejectOutOfBoundsWithClearMessage() {
        try (SharedIntArray array = SharedIntArray.create("bounds", 10)) {
            assertOutOfBounds(() -> array.get(10), "index 10", "length 10");
            assertOutOfBounds(() -> array.set(-1, 0), "index -1", "length 10");
            assertOutOfBounds(() -> array.slice(3, 2), "range [3", "length 10");
            assertOutOfBounds(() -> array.copyFrom(new int[3], 0, 8, 3), "range [8", "length 10");
            assertOutOfBounds(() -> array.fill(9, 12, 1), "range [9", "length 10");
        }
    }
}
