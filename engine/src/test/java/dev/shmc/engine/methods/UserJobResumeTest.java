package dev.shmc.engine.methods;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TestKernels;
import dev.shmc.engine.api.JobFailedException;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.ResultLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user's own job, given as method references with typed parameters, resumes through the Java API. */
@Timeout(120)
class UserJobResumeTest {
    private static final long UNITS = 10_000;
    private static final long CHUNK = 100;

    @TempDir
    Path dir;

    private JobSpec spec(Path marker) {
        return JobSpec.builder(ResultLayout.longs(2), UserMath::sumFailingOnce).units(UNITS).chunkSize(CHUNK).seed(3)
                .param("failAt", 4_250L).param("marker", marker.toString()).param("weights", new double[] {0.1, 1.0 / 3})
                .param("note", "a, b = c").build();
    }

    @Test
    void shouldResumeAFailedUserJobFromItsRecordSkippingTheCheckpointedChunks() throws Exception {
        Path marker = Files.createFile(dir.resolve("fail-once"));
        MemoryJobStore store = new MemoryJobStore();
        try (Engine e = Engine.builder().mode(Mode.THREADS).workers(1).directory(dir).jobStore(store).build()) {
            JobHandle first = e.submit(spec(marker));
            assertThrows(JobFailedException.class, first::await);
            String id = first.id();
            JobStore.JobRecord failed = store.find(id).orElseThrow();
            assertEquals("FAILED", failed.status());
            assertEquals(JobSpec.METHOD_KERNEL, failed.kernel());
            assertEquals(42, store.finishedChunks(id).size(), "one worker in chunk order: chunks 0 to 41 before the failing one");

            JobResult r = e.resume(id).await();
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(id, r.jobId());
            assertEquals(UNITS / CHUNK, r.chunks());
            assertEquals(42, r.chunksSkipped());
            assertEquals(TestKernels.SumKernel.expected(0, UNITS), r.word(0));
            assertEquals(UNITS, r.word(1));
            assertEquals("COMPLETED", store.find(id).orElseThrow().status());
        }
    }

    @Test
    void shouldRebuildTheSameSpecFromTheRecord() {
        JobSpec original = spec(dir.resolve("never"));
        JobStore.JobRecord record = new JobStore.JobRecord("j-1", original.label(), original.kernelClass(), original.params().toString(),
                original.seed(), original.from(), original.to(), CHUNK, UNITS / CHUNK, 1, "threads", "INTERRUPTED", 1, 0, 0, "");
        JobSpec rebuilt = JobSpec.resuming(record).build();
        assertEquals(original.params().asMap(), rebuilt.params().asMap());
        assertEquals(original.kernelClass(), rebuilt.kernelClass());
        assertEquals(original.label(), rebuilt.label());
        assertEquals(original.seed(), rebuilt.seed());
        assertEquals(original.from(), rebuilt.from());
        assertEquals(original.to(), rebuilt.to());
        assertEquals(CHUNK, rebuilt.chunkSize());
        assertEquals("j-1", rebuilt.resumeJobId());
    }

    @Test
    void shouldSayWhenTheEngineHasNoJobStore() {
        try (Engine e = Engine.builder().mode(Mode.INLINE).directory(dir).build()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.resume("j-x"));
            assertEquals("no job j-x in the job store (this engine has none: see Engine.Builder.jobStore)", x.getMessage());
        }
    }

    /** A job store in memory, as a test double of the registry. */
    static final class MemoryJobStore implements JobStore {
        private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
        private final Map<String, Map<Long, long[]>> checkpoints = new ConcurrentHashMap<>();

        @Override
        public void started(JobRecord job) {
            jobs.put(job.id(), job);
        }

        @Override
        public void chunkDone(String jobId, long chunk, long[] words) {
            checkpoints.computeIfAbsent(jobId, k -> new ConcurrentHashMap<>()).put(chunk, words.clone());
        }

        @Override
        public Map<Long, long[]> finishedChunks(String jobId) {
            return new LinkedHashMap<>(checkpoints.getOrDefault(jobId, Map.of()));
        }

        @Override
        public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
            JobRecord r = jobs.get(jobId);
            jobs.put(jobId, new JobRecord(r.id(), r.label(), r.kernel(), r.params(), r.seed(), r.from(), r.to(), r.chunkSize(), r.chunks(),
                    r.workers(), r.mode(), status.name(), r.startedAtMillis(), finishedAtMillis, chunksDone, result));
        }

        @Override
        public Optional<JobRecord> find(String jobId) {
            return Optional.ofNullable(jobs.get(jobId));
        }

        @Override
        public List<JobRecord> list() {
            return new ArrayList<>(jobs.values());
        }

        @Override
        public void close() {
        }
    }
}
