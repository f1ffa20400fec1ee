package dev.shmc.engine.jobs;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.jobs.CounterKernel.Sync;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One counter, two worker JVMs: every sync but none is exact. */
@Tag("slow")
@Timeout(180)
class CounterKernelTest {
    @TempDir
    static Path dir;

    private static Engine processes;

    @BeforeAll
    static void start() {
        processes = Engine.builder().mode(Mode.PROCESSES).workers(2).directory(dir).build();
    }

    @AfterAll
    static void stop() {
        processes.close();
    }

    /** Runs {@code increments} increments with {@code sync}; returns the final count. */
    private static long count(Engine e, Sync sync, long increments) throws IOException {
        String name = "counter-test-" + Processes.selfPid() + "-" + System.nanoTime();
        try (SharedRegion region = SharedRegion.create(name, RegionDescriptor.KIND_SYNC, CounterRegionDescriptor.LENGTH)) {
            JobResult r = e.run(CounterKernel.spec(sync, increments, name));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(increments, r.word(0), "increments done");
            return new SharedCounter(region.payload(), CounterRegionDescriptor.COUNTER_OFFSET).getVolatile();
        }
    }

    @Test
    void shouldNeverCountMoreThanTheIncrementsWithoutSync() throws IOException {
        long actual = count(processes, Sync.NONE, 2_000_000);
        // lost updates are likely but not certain: only the upper bound is a fact
        assertTrue(actual <= 2_000_000 && actual > 0, "actual " + actual);
    }

    @Test
    void shouldCountExactlyWithAtomicAdds() throws IOException {
        assertEquals(2_000_000, count(processes, Sync.ATOMIC, 2_000_000));
    }

    @Test
    void shouldCountExactlyUnderTheSharedLock() throws IOException {
        assertEquals(300_000, count(processes, Sync.LOCK, 300_000));
    }

    @Test
    void shouldCountExactlyUnderTheFileLock() throws IOException {
        assertEquals(20_000, count(processes, Sync.FILELOCK, 20_000));
    }

    @Test
    void shouldCountExactlyUnderTheFileLockFromThreadsOfOneJvm() throws IOException {
        try (Engine threads = Engine.builder().mode(Mode.THREADS).workers(3).directory(dir).build()) {
            assertEquals(20_000, count(threads, Sync.FILELOCK, 20_000));
            assertEquals(100_000, count(threads, Sync.LOCK, 100_000));
        }
    }
}
