package dev.shmc.engine.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TempRegionDirectory;
import dev.shmc.engine.TestKernels;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service protocol in one JVM: a {@link ServiceHost} over a threads engine, and clients that
 * reach it only through the service region ({@link ServiceConnection}).
 */
@Timeout(120)
class ServiceHostTest extends TempRegionDirectory {
    private Engine engine;
    private ServiceHost host;
    private Thread serving;

    @BeforeEach
    void startService() {
        engine = Engine.builder().workers(2).mode(Mode.THREADS).directory(dir).build();
        String control = engine.controlPath().getFileName().toString().replace(".region", "");
        host = ServiceHost.open(dir, engine, control, line -> { });
        serving = Thread.ofPlatform().name("test-service").start(host::run);
    }

    @AfterEach
    void stopService() throws Exception {
        host.requestStop(true);
        serving.join(30_000);
        host.close();
        engine.close();
        try (Stream<java.nio.file.Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "files left in the region directory");
        }
    }

    private static JobSpec sum(long n) {
        return JobSpec.builder(TestKernels.SumKernel.class).units(0, n).build();
    }

    @Test
    void shouldRunAJobOnTheServiceWithTheSameResultAsTheEngine() {
        try (JobRunner client = ServiceConnection.connect(dir)) {
            JobResult viaService = client.run(sum(1_000_000));
            JobResult direct = engine.run(sum(1_000_000));
            assertEquals(JobStatus.COMPLETED, viaService.status());
            assertArrayEquals(direct.words(), viaService.words());
            assertEquals(TestKernels.SumKernel.expected(0, 1_000_000), viaService.word(0));
            assertEquals(2, client.workers());
            assertEquals(Mode.THREADS, client.mode());
        }
    }

    @Test
    void shouldRunJobsOfTwoClientsInTheirOrderWithExactResults() throws Exception {
        try (JobRunner a = ServiceConnection.connect(dir); JobRunner b = ServiceConnection.connect(dir)) {
            JobHandle[] handles = new JobHandle[8];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = (i % 2 == 0 ? a : b).submit(sum(100_000L * (i + 1)));
            }
            for (int i = 0; i < handles.length; i++) {
                JobResult r = handles[i].await(Duration.ofSeconds(60));
                assertEquals(TestKernels.SumKernel.expected(0, 100_000L * (i + 1)), r.word(0), "job " + i);
                assertEquals(handles[i].id(), r.jobId());
            }
        }
    }

    /** A result of 4096 doubles: too large for a slot, so it comes through a file of its own. */
    public static void squares(KernelContext ctx, long from, long to, Result out) {
        for (long i = from; i < to; i++) {
            out.addDouble((int) (i % 4096), (double) i * i);
        }
    }

    @Test
    void shouldHandBackAResultLargerThanASlot() {
        JobSpec spec = JobSpec.builder(ResultLayout.doubles(4096), ServiceHostTest::squares).units(0, 40_960).build();
        try (JobRunner client = ServiceConnection.connect(dir)) {
            JobResult r = client.run(spec);
            double[] d = r.doubles();
            assertEquals(4096, d.length);
            for (int k = 0; k < 4096; k++) {
                double expected = 0;
                for (long i = k; i < 40_960; i += 4096) {
                    expected += (double) i * i;
                }
                assertEquals(expected, d[k], 1e-6 * expected, "bin " + k);
            }
            assertArrayEquals(engine.run(spec).words(), r.words(), "the same bits as the engine's own result");
        }
    }

    @Test
    void shouldRefuseAJobWhoseKernelTheServiceCannotLoadAsBadInput() {
        try (JobRunner client = ServiceConnection.connect(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.submit(JobSpec.builder("com.example.NoSuchKernel").units(0, 10).build()));
            assertTrue(e.getMessage().contains("com.example.NoSuchKernel"), e.getMessage());
            assertEquals(TestKernels.SumKernel.expected(0, 1000), client.run(sum(1000)).word(0), "the service goes on");
        }
    }

    @Test
    void shouldFailAJobWhoseKernelThrowsWithTheEnginesMessage() {
        JobSpec spec = JobSpec.builder(TestKernels.ThrowingKernel.class).units(0, 1000).param("failAt", 500L).build();
        try (JobRunner client = ServiceConnection.connect(dir)) {
            JobFailedException e = assertThrows(JobFailedException.class, () -> client.run(spec));
            assertTrue(e.getMessage().contains("boom at unit 500"), e.getMessage());
        }
    }

    @Test
    void shouldCancelAJobFromAnotherConnectionByItsId() throws Exception {
        JobSpec slow = JobSpec.builder(TestKernels.SumKernel.class).units(0, 1_000_000).chunkSize(1000)
                .param("sleepMicrosPerChunk", 20_000L).build();
        try (JobRunner client = ServiceConnection.connect(dir)) {
            JobHandle h = client.submit(slow);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (h.progress() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(ServiceAdmin.cancel(dir, h.id()));
            JobResult r = h.await(Duration.ofSeconds(60));
            assertEquals(JobStatus.CANCELLED, r.status());
            assertTrue(r.chunksDone() < r.chunks());
        }
    }

    @Test
    void shouldCancelTheQueuedAndRunningJobsOfAConnectionThatCloses() throws Exception {
        JobSpec slow = JobSpec.builder(TestKernels.SumKernel.class).units(0, 1_000_000).chunkSize(1000)
                .param("sleepMicrosPerChunk", 20_000L).build();
        JobRunner leaving = ServiceConnection.connect(dir);
        leaving.submit(slow);
        leaving.submit(slow);
        leaving.close();
        try (JobRunner next = ServiceConnection.connect(dir)) {
            // the abandoned jobs are cancelled, so the next one runs within seconds, not after 2 x 20 s
            JobResult r = next.submit(sum(1000)).await(Duration.ofSeconds(15));
            assertEquals(TestKernels.SumKernel.expected(0, 1000), r.word(0));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ServiceAdmin.status(dir).orElseThrow().jobs().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, ServiceAdmin.status(dir).orElseThrow().jobs().size(), "every slot freed");
    }

    @Test
    void shouldDrainQueuedJobsOnStopAndRefuseNewOnes() throws Exception {
        try (JobRunner client = ServiceConnection.connect(dir)) {
            JobHandle h = client.submit(sum(2_000_000));
            host.requestStop(false);
            assertEquals(TestKernels.SumKernel.expected(0, 2_000_000), h.await(Duration.ofSeconds(60)).word(0));
            serving.join(30_000);
            assertFalse(serving.isAlive(), "the service stopped once its jobs were done");
        }
        assertTrue(ServiceConnection.find(dir).isEmpty(), "a stopped service takes no jobs");
    }
}
