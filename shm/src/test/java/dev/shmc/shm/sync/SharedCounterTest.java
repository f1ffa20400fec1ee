package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedCounter} in one JVM: operations, and threads hammering one counter. */
class SharedCounterTest {
    @ShmTempDir
    Path dir;

    @Test
    void shouldReturnValueBeforeFromGetAndAddAndAfterFromAddAndGet() {
        try (TestSync sync = TestSync.create(dir, "ops")) {
            SharedCounter counter = sync.counter();
            assertEquals(0, counter.getAndAdd(5));
            assertEquals(12, counter.addAndGet(7));
            assertEquals(12, counter.get());
            assertEquals(12, counter.getAcquire());
        }
    }

    @Test
    void shouldCompareAndSetOnlyFromExpectedValue() {
        try (TestSync sync = TestSync.create(dir, "cas")) {
            SharedCounter counter = sync.counter();
            counter.setRelease(3);
            assertFalse(counter.compareAndSet(4, 10));
            assertEquals(3, counter.getVolatile());
            assertTrue(counter.compareAndSet(3, 10));
            assertEquals(10, counter.getVolatile());
        }
    }

    @Test
    void shouldRejectOffsetThatIsMisalignedOrLeavesNoRoomForPadding() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(2 * ShmConfig.PADDED_WORD, 128);
            IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class, () -> new SharedCounter(segment, 4));
            assertTrue(misaligned.getMessage().contains("multiple of 8"), misaligned.getMessage());
            IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                    () -> new SharedCounter(segment, ShmConfig.PADDED_WORD + 8));
            assertTrue(tooSmall.getMessage().contains("segment too small"), tooSmall.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new SharedCounter(segment, -8));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCountExactlyWhenThreadsHammerOneCounter() throws InterruptedException {
        int threads = 4;
        int adds = 500_000;
        try (TestSync sync = TestSync.create(dir, "hammer")) {
            SharedCounter counter = sync.counter();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < adds; i++) {
                        counter.getAndAdd(1);
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals((long) threads * adds, counter.getVolatile());
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
