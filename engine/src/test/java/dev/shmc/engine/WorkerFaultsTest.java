package dev.shmc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.TestKernels.HaltKernel;
import dev.shmc.engine.TestKernels.SegfaultKernel;
import dev.shmc.engine.TestKernels.SlowInPlaceKernel;
import dev.shmc.engine.TestKernels.SpinKernel;
import dev.shmc.engine.TestKernels.SumKernel;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.shm.array.SharedLongArray;
import dev.shmc.shm.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every fault of a worker JVM ends, with the exact result or one clear failure: a chunk that kills
 * its JVM every time, a chunk with side effects whose worker died, a kernel that never polls its
 * stop flag after a cancel, a worker that hangs.
 */
@Tag("slow")
@Timeout(180)
class WorkerFaultsTest extends TempRegionDirectory {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private Engine engine(int workers, Engine.Builder builder) {
        return builder.mode(Mode.PROCESSES).workers(workers).directory(dir).onEvent(events::add).build();
    }

    private static JobSpec sum(long n) {
        return JobSpec.builder(SumKernel.class).units(0, n).chunkSize(n / 16 + 1).build();
    }

    @Test
    void shouldFailAJobWhoseChunkHaltsItsWorkerEveryTimeAndStayUsable() throws Exception {
        try (Engine e = engine(2, Engine.builder())) {
            JobHandle h = e.submit(JobSpec.builder(HaltKernel.class).units(0, 1000).chunkSize(100).param("haltAt", 555).param("code", 42).build());
            JobFailedException ex = assertThrows(JobFailedException.class, () -> h.await(Duration.ofSeconds(120)));
            String m = ex.getMessage();
            assertTrue(m.contains("chunk 5 (units [500, 600))"), m);
            assertTrue(m.contains("took down its worker 3 times"), m);
            assertTrue(m.contains("exited with code 42"), m);
            assertEquals(3, events.stream().filter(s -> s.contains("exited with code 42")).count(), events.toString());
            JobResult next = e.run(sum(100_000), Duration.ofSeconds(120));
            assertEquals(SumKernel.expected(0, 100_000), next.word(0), "the engine goes on with new workers");
        }
    }

    @Test
    void shouldNameTheCrashWhenAChunkCrashesItsJvmInNativeCode() throws Exception {
        try (Engine e = engine(1, Engine.builder().maxChunkDeaths(1))) {
            JobHandle h = e.submit(JobSpec.builder(SegfaultKernel.class).units(0, 10).chunkSize(1).param("crashAt", 3).build());
            JobFailedException ex = assertThrows(JobFailedException.class, () -> h.await(Duration.ofSeconds(120)));
            String m = ex.getMessage();
            assertTrue(m.contains("chunk 3 (units [3, 4))") && m.contains("took down its worker once"), m);
            assertTrue(m.contains("crash report"), m);
            // the crash report is the user's to read; the test leaves none behind
            java.util.regex.Matcher report = java.util.regex.Pattern.compile("crash report is (\\S+\\.hs_err\\.log)").matcher(m);
            assertTrue(report.find(), m);
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(report.group(1)));
            JobResult next = e.run(sum(10_000), Duration.ofSeconds(120));
            assertEquals(SumKernel.expected(0, 10_000), next.word(0));
        }
    }

    @Test
    void shouldFailRatherThanComputeAgainAChunkWithSideEffectsWhoseWorkerDied() throws Exception {
        long n = 64;
        try (SharedLongArray a = SharedLongArray.create("in-place", n); Engine e = engine(2, Engine.builder())) {
            JobHandle h = e.submit(JobSpec.builder(SlowInPlaceKernel.class).units(0, n).chunkSize(8).param("array", "in-place")
                    .param("sleepMillis", 60_000).build());
            // both workers have updated half of their first chunk and sleep in its middle
            Await.await("both workers half through their first chunk", () -> a.get(0) == 1 && a.get(8) == 1, Duration.ofSeconds(60));
            ProcessHandle.of(e.workerPid(1)).orElseThrow().destroyForcibly();
            JobFailedException ex = assertThrows(JobFailedException.class, () -> h.await(Duration.ofSeconds(60)));
            String m = ex.getMessage();
            assertTrue(m.contains("may not be computed again") && m.contains("of array 'in-place' in place"), m);
            assertTrue(m.contains("was killed by signal 9 (SIGKILL)"), m);
            JobResult next = e.run(sum(10_000), Duration.ofSeconds(60));
            assertEquals(SumKernel.expected(0, 10_000), next.word(0));
        }
    }

    @Test
    void shouldEndACancelledJobWhoseKernelNeverPolls() throws Exception {
        try (Engine e = engine(2, Engine.builder().cancelGrace(Duration.ofMillis(500)))) {
            long[] before = {e.workerPid(0), e.workerPid(1)};
            JobHandle h = e.submit(JobSpec.builder(SpinKernel.class).units(0, 4).chunkSize(1).param("spinMillis", 120_000).build());
            Thread.sleep(500); // both workers are spinning in a chunk
            h.cancel();
            JobResult r = h.await(Duration.ofSeconds(60)); // the kernel alone would spin on for two minutes
            assertEquals(JobStatus.CANCELLED, r.status());
            // the job may end as soon as the killed workers are gone, a moment before the monitor reports them
            Await.await("the monitor's report of the killed workers",
                    () -> events.stream().anyMatch(s -> s.contains("after the job was cancelled, and was killed")), Duration.ofSeconds(30));
            JobResult next = e.run(sum(10_000), Duration.ofSeconds(60));
            assertEquals(SumKernel.expected(0, 10_000), next.word(0));
            assertNotEquals(before[0], e.workerPid(0), "replaced");
        }
    }

    @Test
    void shouldReplaceAHungWorkerAndStillGiveTheExactResult() throws Exception {
        try (Engine e = engine(2, Engine.builder().heartbeatTimeout(Duration.ofSeconds(1)))) {
            long n = 20_000_000;
            JobHandle h = e.submit(JobSpec.builder(SumKernel.class).units(0, n).chunkSize(250_000).param("sleepMicrosPerChunk", 20_000).build());
            Await.await("a twentieth of the job", () -> h.progress() > 0.05, Duration.ofSeconds(60));
            long victim = e.workerPid(1);
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(victim)).start().waitFor());
            JobResult r = h.await(Duration.ofSeconds(120));
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(SumKernel.expected(0, n), r.word(0));
            assertEquals(n, r.word(1));
            assertTrue(events.stream().anyMatch(s -> s.contains("(pid " + victim + ") stopped beating")), events.toString());
        }
    }
}
