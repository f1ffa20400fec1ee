package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.TestKernels.FindKernel;
import dev.shmc.engine.TestKernels.SumKernel;
import dev.shmc.engine.TestKernels.ThrowingKernel;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.shm.support.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("slow")
@Timeout(120)
class EngineTest {
    @TempDir
    Path dir;

    private Engine engine(Mode mode, int workers) {
        return Engine.builder().mode(mode).workers(workers).directory(dir).build();
    }

    private static JobSpec sum(long n, long chunk, Schedule schedule) {
        return JobSpec.builder(SumKernel.class).units(0, n).chunkSize(chunk).schedule(schedule).build();
    }

    @ParameterizedTest
    @CsvSource({"INLINE,1", "THREADS,1", "THREADS,3", "PROCESSES,1", "PROCESSES,2", "PROCESSES,3"})
    void shouldGiveTheSameResultInEveryModeAndWorkerCount(Mode mode, int workers) {
        long n = 3_000_017;
        long expected = SumKernel.expected(0, n);
        try (Engine e = engine(mode, workers)) {
            for (Schedule s : Schedule.values()) {
                JobResult r = e.run(sum(n, 100_003, s));
                assertEquals(JobStatus.COMPLETED, r.status());
                assertEquals(expected, r.word(0), "sum with " + s);
                assertEquals(n, r.word(1), "units with " + s);
                assertEquals(r.chunks(), r.chunksDone());
            }
        }
        assertNoRegions();
    }

    @Test
    void shouldRunManyJobsBackToBack() {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            for (int i = 0; i < 200; i++) {
                JobResult r = e.run(sum(1000 + i, 7, Schedule.DYNAMIC));
                assertEquals(SumKernel.expected(0, 1000 + i), r.word(0));
            }
            JobResult empty = e.run(sum(0, 0, Schedule.DYNAMIC));
            assertEquals(0, empty.chunks());
            assertEquals(0, empty.word(0));
        }
    }

    @Test
    void shouldFailTheJobWithTheWorkersMessageAndStayUsable() {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            JobHandle h = e.submit(JobSpec.builder(ThrowingKernel.class).units(0, 10_000).chunkSize(100).param("failAt", 5_555).build());
            JobFailedException ex = assertThrows(JobFailedException.class, () -> h.await(Duration.ofSeconds(60)));
            assertTrue(ex.getMessage().contains("boom at unit 5555"), ex.getMessage());
            assertTrue(ex.getMessage().contains("ThrowingKernel.compute"), "stack trace expected: " + ex.getMessage());
            JobResult ok = e.run(sum(10_000, 100, Schedule.DYNAMIC));
            assertEquals(SumKernel.expected(0, 10_000), ok.word(0));
        }
    }

    @Test
    void shouldSayWhyAKernelsClassInitialiserFailedInTheCoordinator() {
        try (Engine e = engine(Mode.THREADS, 1)) {
            JobHandle h = e.submit(JobSpec.builder(TestKernels.BadConfigKernel.class).units(0, 1_000).build());
            JobFailedException ex = assertThrows(JobFailedException.class, () -> h.await(Duration.ofSeconds(60)));
            assertTrue(ex.getMessage().contains("shmc.test.size = 9 is outside [0, 8]"), ex.getMessage());
            assertFalse(ex.getMessage().contains("ExceptionInInitializerError"), ex.getMessage());
            JobResult ok = e.run(sum(10_000, 100, Schedule.DYNAMIC));
            assertEquals(SumKernel.expected(0, 10_000), ok.word(0));
        }
    }

    @Test
    void shouldStopEarlyWhenAKernelFindsItsTarget() {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            JobResult r = e.run(JobSpec.builder(FindKernel.class).units(0, 1L << 40).chunkSize(1L << 22).param("target", 123_456_789).build());
            assertEquals(JobStatus.FOUND, r.status());
            assertEquals(123_456_789, r.word(0));
            assertTrue(r.chunksDone() < r.chunks());
        }
    }

    private static JobSpec slowSum(long n, long chunk, long sleepMicrosPerChunk) {
        return JobSpec.builder(SumKernel.class).units(0, n).chunkSize(chunk).param("sleepMicrosPerChunk", sleepMicrosPerChunk).build();
    }

    @Test
    void shouldHandARunThatTimedOutToTheEngineAndStillFinishIt() throws Exception {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            // 40 chunks of 20 ms over 2 workers: about 0.4 s, far beyond the 20 ms wait
            JobSpec slow = slowSum(40_000, 1_000, 20_000);
            assertThrows(TimeoutException.class, () -> e.run(slow, Duration.ofMillis(20)));
            // the job queued after it runs once the engine has finished the handed-over one
            JobHandle next = e.submit(sum(100_000, 1_000, Schedule.DYNAMIC));
            JobResult r = next.await(Duration.ofSeconds(60));
            assertEquals(SumKernel.expected(0, 100_000), r.word(0));
            JobResult again = e.run(sum(50_000, 1_000, Schedule.DYNAMIC), Duration.ofSeconds(60));
            assertEquals(SumKernel.expected(0, 50_000), again.word(0));
        }
        assertNoRegions();
    }

    @Test
    void shouldFinishAHandedOverJobWhileTheDispatcherHoldsTheNextOne() throws Exception {
        try (Engine e = engine(Mode.THREADS, 2)) {
            JobSpec slow = slowSum(20_000, 1_000, 20_000);
            java.util.concurrent.CompletableFuture<Throwable> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    e.run(slow, Duration.ofMillis(50));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            // queued while the first runs on the caller's thread: the dispatcher takes it and must wait
            Thread.sleep(10);
            JobHandle queued = e.submit(sum(10_000, 100, Schedule.DYNAMIC));
            assertInstanceOf(TimeoutException.class, first.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(SumKernel.expected(0, 10_000), queued.await(Duration.ofSeconds(60)).word(0));
        }
        assertNoRegions();
    }

    @Test
    void shouldGiveEveryConcurrentCallerItsOwnExactResult() throws Exception {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            int callers = 4;
            int jobsEach = 50;
            java.util.List<java.util.concurrent.Future<Boolean>> done = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
                for (int c = 0; c < callers; c++) {
                    int caller = c;
                    done.add(pool.submit(() -> {
                        for (int j = 0; j < jobsEach; j++) {
                            long n = 1_000 + caller * 100 + j;
                            // half of them through run(), half through submit().await()
                            JobResult r = (j + caller) % 2 == 0 ? e.run(sum(n, 97, Schedule.DYNAMIC))
                                    : e.submit(sum(n, 97, Schedule.DYNAMIC)).await(Duration.ofSeconds(60));
                            if (r.word(0) != SumKernel.expected(0, n) || r.word(1) != n) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (var f : done) {
                    assertTrue(f.get(100, java.util.concurrent.TimeUnit.SECONDS));
                }
            }
        }
        assertNoRegions();
    }

    @Test
    void shouldCancelWithinASecondAndStayReady() throws TimeoutException {
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            JobHandle h = e.submit(JobSpec.builder(SumKernel.class).units(0, 1L << 40).chunkSize(1L << 24).build());
            Await.await("the job to make progress", () -> h.progress() > 0, Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            h.cancel();
            JobResult r = h.await(Duration.ofSeconds(5));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(JobStatus.CANCELLED, r.status());
            assertTrue(seconds < 1.0, "cancel took " + seconds + " s");
            JobResult next = e.run(sum(100_000, 1_000, Schedule.DYNAMIC));
            assertEquals(SumKernel.expected(0, 100_000), next.word(0));
        }
    }

    @Test
    void shouldReRunTheChunksOfAKilledWorkerAndReplaceIt() throws Exception {
        long n = 40_000_000;
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            long victim = e.workerPid(1);
            JobHandle h = e.submit(JobSpec.builder(SumKernel.class).units(0, n).chunkSize(200_000).param("sleepMicrosPerChunk", 20_000).build());
            Await.await("a tenth of the job", () -> h.progress() > 0.1, Duration.ofSeconds(60));
            ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL
            JobResult r = h.await(Duration.ofSeconds(90));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(SumKernel.expected(0, n), r.word(0));
            assertEquals(n, r.word(1));
            assertNotEquals(victim, e.workerPid(1), "a replacement worker joined");
            assertTrue(e.events().stream().anyMatch(s -> s.contains("re-queued")), e.events().toString());
            JobResult next = e.run(sum(1_000_000, 10_000, Schedule.DYNAMIC));
            assertEquals(SumKernel.expected(0, 1_000_000), next.word(0));
        }
    }

    private void assertNoRegions() {
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "regions left in " + dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
