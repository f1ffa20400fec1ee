package dev.shmc.registry;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.methods.UserMath;
import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ResumeTest {
    @TempDir
    Path regions;

    @TempDir
    Path state;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

    /** The job the tests resume: {@link CountingSumKernel} over [0, units). */
    static JobSpec.Builder spec(long units, long chunkSize, long sleepMicrosPerChunk) {
        return JobSpec.builder(CountingSumKernel.class).units(0, units).chunkSize(chunkSize).seed(7)
                .param("sleepMicrosPerChunk", sleepMicrosPerChunk).label("resume-test");
    }

    private final List<String> warnings = new ArrayList<>();

    @Test
    @Tag("slow")
    void shouldSkipTheCheckpointedChunksWhenResumingAJobWhoseCoordinatorWasKilled() throws Exception {
        long units = 600_000;
        long chunkSize = 10_000; // 60 chunks of 100 ms each on 2 workers: about 3 s in all
        long sleepMicros = 100_000;
        ChildJvm child = children.start(regions, ResumeChild.class, regions.toString(), state.toString(), Long.toString(units),
                Long.toString(chunkSize), Long.toString(sleepMicros));
        List<ProcessHandle> workers = new ArrayList<>();
        String jobId;
        try (ChronicleJobStore store = new ChronicleJobStore(state, warnings::add)) {
            String line = child.awaitLineStartingWith("WORKERS ");
            for (String pid : line.substring("WORKERS ".length()).split(" ")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(workers::add);
            }
            line = child.awaitLineStartingWith("JOB ");
            jobId = line.substring("JOB ".length());

            // Kill the coordinator (SIGKILL) once a few chunks are checkpointed in the registry.
            String id = jobId;
            Await.await("checkpoints of job " + id, () -> store.checkpointCount(id) >= 6, Duration.ofSeconds(60));
            child.kill();
            Await.await("worker JVMs to exit", () -> workers.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(10));

            JobRecord interrupted = store.find(jobId).orElseThrow();
            assertEquals(ChronicleJobStore.INTERRUPTED, interrupted.status(), "a running job whose coordinator is gone");
            assertEquals(60, interrupted.chunks());
            Map<Long, long[]> checkpointed = store.finishedChunks(jobId);
            long saved = checkpointed.size();
            assertTrue(saved >= 6 && saved < 60, "checkpointed " + saved + " of 60 chunks");
            for (Map.Entry<Long, long[]> e : checkpointed.entrySet()) {
                long from = e.getKey() * chunkSize;
                assertArrayEquals(new long[] {CountingSumKernel.expected(from, from + chunkSize), chunkSize}, e.getValue(),
                        "checkpoint of chunk " + e.getKey());
            }

            // Resume on a new engine (threads, so the chunks computed can be counted in this JVM),
            // without giving the chunk size: the recorded one must be used.
            CountingSumKernel.COMPUTED.set(0);
            JobResult r;
            try (Engine engine = Engine.builder().mode(Mode.THREADS).workers(2).directory(regions).jobStore(store).build()) {
                r = engine.run(spec(units, 0, sleepMicros).resume(jobId).build());
            }
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(jobId, r.jobId(), "a resumed job keeps its id");
            assertEquals(60, r.chunks());
            assertEquals(saved, r.chunksSkipped(), "every checkpointed chunk is skipped");
            assertEquals(60 - saved, CountingSumKernel.COMPUTED.get(), "only the other chunks are computed");
            assertEquals(r.chunks(), r.chunksSkipped() + CountingSumKernel.COMPUTED.get());
            assertEquals(CountingSumKernel.expected(0, units), r.word(0), "exact result");
            assertEquals(units, r.word(1));

        } finally {
            child.kill();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
        // The engine closed the store (it owns it); the registry file has the outcome.
        try (ChronicleJobStore store = new ChronicleJobStore(state, warnings::add)) {
            JobRecord completed = store.find(jobId).orElseThrow();
            assertEquals("COMPLETED", completed.status());
            assertEquals(60, completed.chunksDone());
            assertEquals(0, store.checkpointCount(jobId), "a completed job's checkpoints are dropped");
        }
        assertEquals(List.of(), warnings);
        assertNoRegions();
    }

    @Test
    void shouldResumeWithTheRecordedChunkSizeAndSkipCheckpointedChunks() {
        long units = 1_000;
        try (ChronicleJobStore store = new ChronicleJobStore(state, warnings::add)) {
            // A job cut into 7-unit chunks that was cancelled after chunks 0, 3 and 142 (the last, 6 units).
            store.started(new JobRecord("j-cut", "sum", CountingSumKernel.class.getName(), spec(units, 0, 0).build().params().toString(),
                    7, 0, units, 7, 143, 1, "inline", ChronicleJobStore.RUNNING, 1, 0, 0, ""));
            for (long c : new long[] {0, 3, 142}) {
                long from = c * 7;
                long to = Math.min(units, from + 7);
                store.chunkDone("j-cut", c, new long[] {CountingSumKernel.expected(from, to), to - from});
            }
            store.finished("j-cut", JobStatus.CANCELLED, 3, "", 2);

            CountingSumKernel.COMPUTED.set(0);
            try (Engine engine = Engine.builder().mode(Mode.INLINE).directory(regions).jobStore(store).build()) {
                JobResult r = engine.run(spec(units, 0, 0).resume("j-cut").build());
                assertEquals(143, r.chunks(), "7-unit chunks, not the engine's default");
                assertEquals(3, r.chunksSkipped());
                assertEquals(140, CountingSumKernel.COMPUTED.get());
                assertEquals(CountingSumKernel.expected(0, units), r.word(0));
                assertEquals(units, r.word(1));
            }
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldResumeAUserJobOfMethodReferencesFromTheRegistryThroughTheJavaApi() throws Exception {
        long units = 5_000;
        Path marker = Files.createFile(state.resolve("fail-once"));
        JobSpec spec = JobSpec.builder(ResultLayout.longs(2), UserMath::sumFailingOnce).units(units).chunkSize(50).seed(11)
                .param("failAt", 1_234L).param("marker", marker.toString()).param("weights", new double[] {0.1, -0.0})
                .param("note", "with, commas = and \\").build();
        String jobId;
        try (Engine engine = Engine.builder().mode(Mode.THREADS).workers(1).directory(regions)
                .jobStore(new ChronicleJobStore(state, warnings::add)).build()) {
            JobHandle first = engine.submit(spec);
            assertThrows(JobFailedException.class, first::await);
            jobId = first.id();
        }
        // a new engine on the registry file, as a later program would open it
        try (Engine engine = Engine.builder().mode(Mode.THREADS).workers(2).directory(regions)
                .jobStore(new ChronicleJobStore(state, warnings::add)).build()) {
            JobResult r = engine.resume(jobId).await();
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(jobId, r.jobId());
            assertEquals(100, r.chunks());
            assertEquals(24, r.chunksSkipped(), "chunks 0 to 23 finished before the one holding unit 1234 failed");
            assertEquals(CountingSumKernel.expected(0, units), r.word(0));
            assertEquals(units, r.word(1));
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldRefuseToResumeAnotherJob() {
        try (ChronicleJobStore store = new ChronicleJobStore(state, warnings::add)) {
            store.started(new JobRecord("j-a", "sum", CountingSumKernel.class.getName(), spec(100, 0, 0).build().params().toString(),
                    7, 0, 100, 10, 10, 1, "inline", ChronicleJobStore.RUNNING, 1, 0, 0, ""));
            store.finished("j-a", JobStatus.CANCELLED, 0, "", 2);
            store.started(new JobRecord("j-done", "sum", CountingSumKernel.class.getName(), spec(100, 0, 0).build().params().toString(),
                    7, 0, 100, 10, 10, 1, "inline", ChronicleJobStore.RUNNING, 3, 0, 0, ""));
            store.finished("j-done", JobStatus.COMPLETED, 10, "[1, 100]", 4);
            store.started(new JobRecord("j-live", "sum", CountingSumKernel.class.getName(), spec(100, 0, 0).build().params().toString(),
                    7, 0, 100, 10, 10, 1, "inline", ChronicleJobStore.RUNNING, 5, 0, 0, "")); // this process runs it

            try (Engine engine = Engine.builder().mode(Mode.INLINE).directory(regions).jobStore(store).build()) {
                assertRefused(engine, spec(100, 0, 0).resume("j-nope"), "no job j-nope in the registry (see 'shmc jobs')");
                assertRefused(engine, spec(100, 0, 0).seed(8).resume("j-a"), "cannot resume job j-a: its seed was 7, this run has 8");
                assertRefused(engine, spec(200, 0, 0).resume("j-a"), "its unit range was [0, 100), this run has [0, 200)");
                assertRefused(engine, spec(100, 0, 5).resume("j-a"), "its parameters were {sleepMicrosPerChunk=0}");
                assertRefused(engine, spec(100, 20, 0).resume("j-a"), "cut into chunks of 10 units, this run asks for 20");
                assertRefused(engine, JobSpec.builder(dev.shmc.engine.TestKernels.SumKernel.class).units(0, 100).seed(7)
                        .param("sleepMicrosPerChunk", 0).resume("j-a"), "its kernel was " + CountingSumKernel.class.getName());
                assertRefused(engine, spec(100, 0, 0).resume("j-done"), "job j-done already ended completed");
                assertRefused(engine, spec(100, 0, 0).resume("j-live"), "job j-live is running in another process");
                assertEquals(10, engine.run(spec(100, 10, 0).resume("j-a").build()).chunks(), "the same chunk size is fine");
            }
        }
    }

    private static void assertRefused(Engine engine, JobSpec.Builder spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.submit(spec.build()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    private void assertNoRegions() throws Exception {
        try (var files = Files.list(regions)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".region")).toList(), "regions left in " + regions);
        }
    }
}
