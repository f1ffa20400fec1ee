package dev.shmc.shm.array;

import static dev.shmc.shm.array.SharedLongArrayTest.assertOutOfBounds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.DefaultRegionDirectoryTest;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedBitSet}: bits, cardinality, bounds, and atomic set/clear from many threads. */
class SharedBitSetTest extends DefaultRegionDirectoryTest {
    @Test
    void shouldSetGetAndClearBits() {
        try (SharedBitSet bits = SharedBitSet.create("bits", 130)) {
            assertEquals(130, bits.length());
            bits.set(0);
            bits.set(64);
            bits.set(129);
            assertTrue(bits.get(0));
            assertTrue(bits.get(64));
            assertTrue(bits.get(129));
            assertFalse(bits.get(1));
            assertFalse(bits.get(63));
            bits.clear(64);
            assertFalse(bits.get(64));
            assertEquals(2, bits.cardinality());
        }
    }

    @Test
    void shouldCountOnlyBitsWithinLength() {
        try (SharedBitSet bits = SharedBitSet.create("tail", 100)) {
            for (long i = 0; i < 100; i++) {
                bits.set(i);
            }
            assertEquals(100, bits.cardinality());
            // bits past the length share the last word; they must not be counted
            bits.segment().setAtIndex(ValueLayout.JAVA_LONG, 1, -1L);
            assertEquals(100, bits.cardinality());
        }
    }

    @Test
    void shouldAttachByName() {
        try (SharedBitSet created = SharedBitSet.create("shared-bits", 1000);
             SharedBitSet attached = SharedBitSet.attach("shared-bits")) {
            created.set(999);
            assertEquals(1000, attached.length());
            assertTrue(attached.get(999));
            assertEquals(1, attached.cardinality());
        }
    }

    @Test
    void shouldRejectBitOutOfBoundsWithClearMessage() {
        try (SharedBitSet bits = SharedBitSet.create("bounds", 70)) {
            assertOutOfBounds(() -> bits.set(70), "index 70", "length 70");
            assertOutOfBounds(() -> bits.clear(-1), "index -1", "length 70");
            assertOutOfBounds(() -> bits.get(128), "index 128", "length 70");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldLoseNoBitWhenThreadsSetAndClearBitsOfSharedWords() throws InterruptedException {
        int threads = 4;
        long length = 200_000;
        try (SharedBitSet bits = SharedBitSet.create("contended", length)) {
            // thread t owns the bits i with i % threads == t: every word is written by all threads
            inParallel(threads, length, bits::set);
            assertEquals(length, bits.cardinality());

            inParallel(threads, length, i -> {
                if (i % 3 == 0) {
                    bits.clear(i);
                }
            });
            assertEquals(length - (length + 2) / 3, bits.cardinality());
            for (long i = 0; i < length; i++) {
                if (bits.get(i) != (i % 3 != 0)) {
                    throw new AssertionError("bit " + i + " is " + bits.get(i));
                }
            }
        }
    }

    private static void inParallel(int threads, long length, LongConsumer action) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int mine = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = mine; i < length; i += threads) {
                    action.accept(i);
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
