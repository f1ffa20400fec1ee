package dev.shmc.registry;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.api.JobStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BackgroundJobStoreTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @Test
    void shouldReturnFromWritesWhileTheStoreIsStillOpening() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundJobStore store = new BackgroundJobStore(() -> {
            await(release);
            return new ChronicleJobStore(dir, warnings::add);
        }, warnings::add);
        try {
            store.started(ChronicleJobStoreTest.record("j1", 4, 1_000));
            long[] words = {7, 8};
            store.chunkDone("j1", 2, words);
            words[0] = -1; // the caller reuses its array: the queued write must keep what it was given
            store.finished("j1", JobStatus.CANCELLED, 1, "[7, 8]", 2_000);
        } finally {
            release.countDown();
            store.close();
        }
        try (ChronicleJobStore reopened = new ChronicleJobStore(dir, warnings::add)) {
            JobRecord job = reopened.find("j1").orElseThrow(() -> new AssertionError("the queued writes were lost"));
            assertEquals("CANCELLED", job.status());
            assertEquals(2_000, job.finishedAtMillis());
            assertArrayEquals(new long[] {7, 8}, reopened.finishedChunks("j1").get(2L));
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldReadItsOwnWritesInOrder() {
        try (BackgroundJobStore store = new BackgroundJobStore(() -> new ChronicleJobStore(dir, warnings::add), warnings::add)) {
            store.started(ChronicleJobStoreTest.record("j1", 8, 1_000));
            store.chunkDone("j1", 5, new long[] {Long.MIN_VALUE, 3});
            Map<Long, long[]> done = store.finishedChunks("j1");
            assertEquals(1, done.size());
            assertArrayEquals(new long[] {Long.MIN_VALUE, 3}, done.get(5L));
            assertEquals(List.of("j1"), store.list().stream().map(JobRecord::id).toList());
            assertEquals(ChronicleJobStore.RUNNING, store.find("j1").orElseThrow().status());
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldWarnOnceAndRunOnWhenTheStoreCannotBeOpened() {
        try (BackgroundJobStore store = new BackgroundJobStore(() -> {
            throw new IllegalStateException("cannot open the job registry file /x: denied\nsecond line");
        }, warnings::add)) {
            store.started(ChronicleJobStoreTest.record("j1", 4, 1_000));
            store.chunkDone("j1", 0, new long[] {1});
            assertEquals(Map.of(), store.finishedChunks("j1"), "nothing is recorded");
            assertTrue(store.find("j1").isEmpty());
        }
        assertEquals(List.of("cannot open the job registry file /x: denied"), warnings, "one line, once");
    }

    @Test
    void shouldDropCallsAfterCloseAndCloseTwice() {
        BackgroundJobStore store = new BackgroundJobStore(() -> new ChronicleJobStore(dir, warnings::add), warnings::add);
        store.close();
        store.close();
        store.started(ChronicleJobStoreTest.record("j1", 4, 1_000));
        assertEquals(List.of(), store.list());
        assertTrue(store.find("j1").isEmpty());
        try (ChronicleJobStore reopened = new ChronicleJobStore(dir, warnings::add)) {
            assertTrue(reopened.find("j1").isEmpty(), "a write after close must not reach the file");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldGiveUpOnACallThatHangsWarnOnceAndLetTheCommandEnd() {
        CountDownLatch never = new CountDownLatch(1);
        JobStore hanging = new JobStore() {
            @Override
            public void started(JobRecord job) {
                await(never); // a lock never freed
            }

            @Override
            public void chunkDone(String jobId, long chunk, long[] words) {
            }

            @Override
            public Map<Long, long[]> finishedChunks(String jobId) {
                return Map.of(5L, new long[] {5});
            }

            @Override
            public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
            }

            @Override
            public java.util.Optional<JobRecord> find(String jobId) {
                return java.util.Optional.of(ChronicleJobStoreTest.record(jobId, 1, 1));
            }

            @Override
            public List<JobRecord> list() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
        BackgroundJobStore store = new BackgroundJobStore(() -> hanging, warnings::add, 300);
        try {
            store.started(ChronicleJobStoreTest.record("j1", 4, 1_000));
            store.chunkDone("j1", 0, new long[] {1});
            assertEquals(Map.of(), store.finishedChunks("j1"), "a read behind a hung call gives up and finds nothing");
            assertTrue(store.find("j1").isEmpty(), "and later calls do not wait again");
            store.close();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("the job registry did not answer for 0.3 s"), warnings.get(0));
        } finally {
            never.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
