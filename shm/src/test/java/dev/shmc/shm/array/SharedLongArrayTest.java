package dev.shmc.shm.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link SharedLongArray}: elements, views, bulk copies, bounds, and its region. */
class SharedLongArrayTest extends DefaultRegionDirectoryTest {

    static void assertOutOfBounds(Executable access, String... phrases) {
        assumeTrue(ShmConfig.CHECKS, "bounds messages need -Dshmc.checks=true");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, access);
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "says '" + phrase + "': " + e.getMessage());
        }
    }

    @Test
    void shouldStartZeroedAndReadBackWhatWasSet() {
        try (SharedLongArray array = SharedLongArray.create("longs", 1000)) {
            assertEquals(1000, array.length());
            assertEquals(0, array.get(999));
            array.set(0, Long.MAX_VALUE);
            array.set(999, -7);
            assertEquals(Long.MAX_VALUE, array.get(0));
            assertEquals(-7, array.get(999));
        }
    }

    @Test
    void shouldSliceAsViewOfSameMemory() {
        try (SharedLongArray array = SharedLongArray.create("sliced", 100)) {
            SharedLongArray slice = array.slice(10, 20);
            assertEquals(10, slice.length());
            assertNull(slice.region(), "a view owns no region");
            slice.set(0, 5);
            slice.set(9, 6);
            assertEquals(5, array.get(10));
            assertEquals(6, array.get(19));
            array.set(15, 7);
            assertEquals(7, slice.get(5));
            assertEquals(7, slice.slice(5, 6).get(0));
            slice.close(); // a view closes nothing
            assertEquals(7, array.get(15));
            assertEquals(0, array.slice(100, 100).length(), "an empty slice at the end");
        }
    }

    @Test
    void shouldCopyInAndOut() {
        try (SharedLongArray array = SharedLongArray.create("copied", 50)) {
            array.copyFrom(new long[] {9, 1, 2, 3, 9}, 1, 40, 3);
            assertEquals(0, array.get(39));
            assertEquals(1, array.get(40));
            assertEquals(3, array.get(42));
            assertEquals(0, array.get(43));
            long[] out = new long[6];
            array.copyTo(40, out, 2, 3);
            assertArrayEquals(new long[] {0, 0, 1, 2, 3, 0}, out);
        }
    }

    @Test
    void shouldFillOnlyTheGivenRange() {
        try (SharedLongArray array = SharedLongArray.create("filled", 20)) {
            array.fill(5, 15, 3);
            long[] out = new long[20];
            array.copyTo(0, out, 0, 20);
            assertArrayEquals(new long[] {0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0}, out);
            array.fill(20, 20, 9);
            assertEquals(0, array.get(19), "an empty fill writes nothing");
        }
    }

    @Test
    void shouldRejectIndexOutOfBoundsWithClearMessage() {
        try (SharedLongArray array = SharedLongArray.create("index", 10)) {
            assertOutOfBounds(() -> array.get(10), "index 10", "length 10");
            assertOutOfBounds(() -> array.get(-1), "index -1", "length 10");
            assertOutOfBounds(() -> array.set(10, 1), "index 10", "length 10");
            assertOutOfBounds(() -> array.slice(0, 5).get(5), "index 5", "length 5");
        }
    }

    @Test
    void shouldRejectRangeOutOfBoundsWithClearMessage() {
        try (SharedLongArray array = SharedLongArray.create("range", 10)) {
            assertOutOfBounds(() -> array.slice(5, 11), "range [5", "length 10");
            assertOutOfBounds(() -> array.slice(6, 5), "range [6", "length 10");
            assertOutOfBounds(() -> array.slice(-1, 3), "range [-1", "length 10");
            assertOutOfBounds(() -> array.copyFrom(new long[4], 0, 8, 4), "range [8", "length 10");
            assertOutOfBounds(() -> array.copyTo(9, new long[4], 0, 2), "range [9", "length 10");
            assertOutOfBounds(() -> array.fill(0, 11, 1), "length 10");
            assertEquals(0, array.get(9), "a refused fill wrote nothing");
        }
    }

    @Test
    void shouldAttachByNameToSameElements() {
        try (SharedLongArray created = SharedLongArray.create("named", 64);
             SharedLongArray attached = SharedLongArray.attach("named")) {
            created.set(63, 99);
            assertEquals(64, attached.length());
            assertEquals(99, attached.get(63));
            attached.set(0, 1);
            assertEquals(1, created.get(0));
        }
    }

    @Test
    void shouldDeleteOwnedRegionOnCloseUnlessKept() {
        Path gone;
        try (SharedLongArray array = SharedLongArray.create("owned", 8)) {
            gone = array.region().path();
        }
        assertFalse(Files.exists(gone));
        SharedLongArray kept = SharedLongArray.create("kept", 8);
        kept.set(7, 70);
        kept.keep().close();
        try (SharedLongArray again = SharedLongArray.attach("kept")) {
            assertEquals(70, again.get(7));
            again.region().delete();
        }
    }

    @Test
    void shouldRefuseAttachingArrayOfAnotherType() {
        try (SharedIntArray ints = SharedIntArray.create("ints", 8)) {
            RegionException e = assertThrows(RegionException.class, () -> SharedLongArray.attach("ints").close());
            assertEquals(RegionException.Reason.BAD_FILE, e.reason());
            assertTrue(e.getMessage().contains("ints") && e.getMessage().contains("long"), e.getMessage());
            assertEquals(8, ints.length());
        }
    }

    @Test
    void shouldRefuseAttachingArrayWhoseLengthExceedsItsPayload() {
        try (SharedLongArray array = SharedLongArray.create("lying", 8);
             SharedRegion region = SharedRegion.attach("lying")) {
            region.metadata().set(ValueLayout.JAVA_LONG, SharedArray.LENGTH_OFFSET, 1_000_000L);
            RegionException e = assertThrows(RegionException.class, () -> SharedLongArray.attach("lying").close());
            assertEquals(RegionException.Reason.BAD_FILE, e.reason());
            assertTrue(e.getMessage().contains("1000000"), e.getMessage());
            assertEquals(8, array.length());
        }
    }

    @Test
    void shouldViewAnySegment() {
        try (SharedRegion region = SharedRegion.create(dir, "view", RegionDescriptor.KIND_GENERIC, 80)) {
            SharedLongArray view = new SharedLongArray(region.payload());
            assertEquals(10, view.length());
            view.set(9, 3);
            assertEquals(3, region.payload().getAtIndex(ValueLayout.JAVA_LONG, 9));
        }
    }

    @Test
    void shouldRejectNegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> SharedLongArray.create("negative", -1));
    }
}
