package dev.shmc.shm.queue;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.shm.support.ShmTempDir;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SharedQueue} in one thread: FIFO order, full and empty, wrap-around, layout checks. */
class SharedQueueTest {
    private static final long EMPTY = Long.MIN_VALUE;

    @ShmTempDir
    Path dir;

    @Test
    void shouldReturnValuesInFifoOrderAcrossManyLaps() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(SharedQueue.bytesFor(8), 128);
            SharedQueue q = SharedQueue.create(s, 0, 8);
            long next = 0;
            for (int lap = 0; lap < 100; lap++) {
                for (int i = 0; i < 5; i++) {
                    assertTrue(q.offer(lap * 5L + i));
                }
                for (int i = 0; i < 5; i++) {
                    assertEquals(next++, q.poll(EMPTY));
                }
            }
            assertEquals(EMPTY, q.poll(EMPTY));
        }
    }

    @Test
    void shouldRefuseAnOfferWhenFullAndAcceptAgainAfterAPoll() {
        try (Arena arena = Arena.ofConfined()) {
            SharedQueue q = SharedQueue.create(arena.allocate(SharedQueue.bytesFor(4), 128), 0, 4);
            for (long v = 1; v <= 4; v++) {
                assertTrue(q.offer(v));
            }
            assertEquals(4, q.size());
            assertFalse(q.offer(5));
            assertFalse(q.offer(5, 1, TimeUnit.MILLISECONDS));
            assertEquals(1, q.poll(EMPTY));
            assertTrue(q.offer(5));
            for (long v = 2; v <= 5; v++) {
                assertEquals(v, q.poll(EMPTY));
            }
            assertTrue(q.isEmpty());
            assertEquals(EMPTY, q.poll(1, TimeUnit.MILLISECONDS, EMPTY));
        }
    }

    @Test
    void shouldCarryAnyLongValueIncludingNegativeOnes() {
        try (Arena arena = Arena.ofConfined()) {
            SharedQueue q = SharedQueue.create(arena.allocate(SharedQueue.bytesFor(4), 128), 0, 4);
            long[] values = {Long.MAX_VALUE, -1, 0, Long.MIN_VALUE + 1};
            for (long v : values) {
                assertTrue(q.offer(v));
            }
            for (long v : values) {
                assertEquals(v, q.poll(EMPTY));
            }
        }
    }

    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> SharedQueue.bytesFor(6));
        assertThrows(IllegalArgumentException.class, () -> SharedQueue.bytesFor(0));
    }

    @Test
    void shouldRefuseToAttachWhereNoQueueWasPublished() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(SharedQueue.bytesFor(4), 128);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SharedQueue.attach(s, 0));
            assertTrue(e.getMessage().contains("no shared queue"), e.getMessage());
        }
    }

    @Test
    void shouldShareOneQueueBetweenHandlesOfARegionAndDeleteItOnClose() {
        Path file;
        try (SharedQueue created = SharedQueue.create(dir, "q", 16)) {
            file = created.region().path();
            SharedQueue view = SharedQueue.attach(created.region().payload(), 0);
            assertEquals(16, view.capacity());
            assertTrue(created.offer(42));
            assertEquals(42, view.poll(EMPTY));
            assertTrue(Files.exists(file));
        }
        assertFalse(Files.exists(file));
    }
}
