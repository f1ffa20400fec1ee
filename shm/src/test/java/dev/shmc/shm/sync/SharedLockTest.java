package dev.shmc.shm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shmc.shm.region.Processes;
import dev.shmc.shm.support.ShmTempDir;
import dev.shmc.shm.support.TestSync;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedLock} in one JVM: ownership, threads of one process, and the owner's identity. */
class SharedLockTest {
    @ShmTempDir
    Path dir;

    @Test
    void shouldRecordOwnerAndBeFreeAfterUnlock() {
        try (TestSync sync = TestSync.create(dir, "owner")) {
            SharedLock lock = sync.lock();
            assertTrue(lock.tryLock());
            assertEquals(Processes.selfPid(), lock.ownerPid());
            assertTrue(lock.isHeldByCurrentThread());
            lock.unlock();
            assertEquals(0, lock.ownerToken());
            assertFalse(lock.isHeldByCurrentThread());
        }
    }

    @Test
    void shouldNotBeReentrant() {
        try (TestSync sync = TestSync.create(dir, "reentrant")) {
            SharedLock lock = sync.lock();
            lock.lock();
            assertFalse(lock.tryLock(), "a second tryLock by the holder");
            lock.unlock();
        }
    }

    @Test
    void shouldExcludeOtherThreadOfSameProcess() {
        try (TestSync sync = TestSync.create(dir, "threads")) {
            SharedLock lock = sync.lock();
            lock.lock();
            try {
                assertFalse(CompletableFuture.supplyAsync(lock::tryLock).join(), "tryLock from another thread");
                assertFalse(CompletableFuture.supplyAsync(() -> lock.tryLock(50, TimeUnit.MILLISECONDS)).join(),
                        "tryLock with timeout from another thread");
                assertEquals(0, lock.takeovers(), "a thread of a live process is never taken over");
            } finally {
                lock.unlock();
            }
            assertTrue(CompletableFuture.supplyAsync(() -> {
                boolean taken = lock.tryLock();
                if (taken) {
                    lock.unlock();
                }
                return taken;
            }).join(), "tryLock from another thread once free");
        }
    }

    @Test
    void shouldThrowWhenUnlockedByThreadThatDoesNotHoldIt() {
        try (TestSync sync = TestSync.create(dir, "unlock")) {
            SharedLock lock = sync.lock();
            IllegalStateException free = assertThrows(IllegalStateException.class, lock::unlock);
            assertTrue(free.getMessage().contains("does not hold"), free.getMessage());
            lock.lock();
            try {
                CompletableFuture<Void> other = CompletableFuture.runAsync(lock::unlock);
                Throwable thrown = assertThrows(Exception.class, other::join).getCause();
                assertTrue(thrown instanceof IllegalStateException, String.valueOf(thrown));
                assertTrue(lock.isHeldByCurrentThread(), "still held after the failed unlock");
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The moment between a new owner's compare-and-set of the token and its publishing its start
     * time: the start time in the lock still belongs to the previous owner. A waiter must not take
     * that for "the owner's PID was reused" and steal the lock from a live process.
     */
    @Test
    void shouldNotTakeOverLiveOwnerWhoseStartTimeIsNotYetPublished() {
        ProcessHandle liveOther = olderLiveProcess();
        try (TestSync sync = TestSync.create(dir, "unpublished")) {
            SharedLock lock = sync.lock();
            lock.lock();
            lock.unlock(); // the lock now carries this process's start time
            // a live process that started earlier has just won the compare-and-set, start time not yet written
            sync.region().payload().set(ValueLayout.JAVA_LONG, TestSync.LOCK_OFFSET, liveOther.pid() << 32 | 1);

            assertFalse(lock.tryLock(), "took the lock of live process " + liveOther.pid());
            assertFalse(lock.tryLock(50, TimeUnit.MILLISECONDS), "took the lock of live process " + liveOther.pid());
            assertEquals(0, lock.takeovers());
        }
    }

    /** A live process that started well (over 10 s) before this one, such as init. */
    private static ProcessHandle olderLiveProcess() {
        long self = Processes.selfStartMillis();
        Optional<ProcessHandle> older = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != Processes.selfPid())
                .filter(p -> p.info().startInstant().map(s -> self - s.toEpochMilli() > 10_000).orElse(false))
                .findFirst();
        assumeTrue(older.isPresent(), "no process visible that started 10 s before this one");
        return older.get();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepInvariantWhenThreadsHammerOneLock() throws InterruptedException {
        int threads = 4;
        int iterations = 50_000;
        try (TestSync sync = TestSync.create(dir, "hammer")) {
            SharedLock lock = sync.lock();
            AtomicLong violations = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    SharedCounterTest.awaitQuietly(start);
                    for (int i = 0; i < iterations; i++) {
                        lock.lock();
                        try {
                            long a = sync.a();
                            long b = sync.b();
                            if (a != b) {
                                violations.incrementAndGet();
                            }
                            sync.setA(a + 1);
                            sync.setB(b + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals(0, violations.get(), "times a thread saw A != B under the lock");
            assertEquals((long) threads * iterations, sync.a());
            assertEquals((long) threads * iterations, sync.b());
            assertEquals(0, lock.ownerToken());
        }
    }
}
