package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedBarrier} in one JVM. */
class SharedBarrierTest {
    @ShmTempDir
    Path dir;

    @Test
    void shouldThrowTimeoutWhenNotAllPartiesArrive() {
        try (TestSync sync = TestSync.create(dir, "timeout")) {
            SharedBarrier barrier = sync.barrier(2);
            TimeoutException e = assertThrows(TimeoutException.class, () -> barrier.await(50, TimeUnit.MILLISECONDS));
            assertTrue(e.getMessage().contains("1 of 2 parties"), e.getMessage());
            assertEquals(0, barrier.generation(), "the round did not complete");
        }
    }

    /** A waiter that gives up withdraws its arrival: the next round still needs every party. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNeedAllPartiesAgainAfterTimeout() throws Exception {
        try (TestSync sync = TestSync.create(dir, "after-timeout")) {
            SharedBarrier barrier = sync.barrier(2);
            assertThrows(TimeoutException.class, () -> barrier.await(20, TimeUnit.MILLISECONDS));
            assertThrows(TimeoutException.class, () -> barrier.await(20, TimeUnit.MILLISECONDS),
                    "alone again: the first arrival was withdrawn, not counted");
            assertEquals(0, barrier.generation());

            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return barrier.await(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            });
            int mine = barrier.await(30, TimeUnit.SECONDS);
            assertEquals(1, mine + other.get(), "arrival indexes 0 and 1");
            assertEquals(1, barrier.generation());
        }
    }

    @Test
    void shouldPassAtOnceWithOneParty() throws TimeoutException {
        try (TestSync sync = TestSync.create(dir, "one")) {
            SharedBarrier barrier = sync.barrier(1);
            assertEquals(0, barrier.await(1, TimeUnit.SECONDS));
            assertEquals(0, barrier.await(1, TimeUnit.SECONDS));
            assertEquals(2, barrier.generation());
        }
    }

    @Test
    void shouldRejectFewerThanOneParty() {
        try (TestSync sync = TestSync.create(dir, "none")) {
            assertThrows(IllegalArgumentException.class, () -> sync.barrier(0));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReleaseAllThreadsTogetherInEveryRound() throws InterruptedException {
        int parties = 3;
        int rounds = 500;
        try (TestSync sync = TestSync.create(dir, "rounds")) {
            SharedBarrier barrier = sync.barrier(parties);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < parties; p++) {
                int party = p;
                threads.add(Thread.ofPlatform().start(() -> {
                    SharedCounter mine = sync.slot(party);
                    try {
                        for (long round = 1; round <= rounds; round++) {
                            mine.setRelease(round);
                            barrier.await(30, TimeUnit.SECONDS);
                            for (int other = 0; other < parties; other++) {
                                long seen = sync.slot(other).getAcquire();
                                if (seen < round || seen > round + 1) {
                                    failures.add("party " + party + " passed round " + round + " but party " + other + " is at " + seen);
                                }
                            }
                        }
                    } catch (TimeoutException e) {
                        failures.add("party " + party + ": " + e.getMessage());
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals(rounds, barrier.generation());
        }
    }
}
