package dev.shmc.engine.coordinator;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.coordinator.JobStore.JobRecord;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ChronicleJobStoreTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    /** A recorded running job over [0, 10 * chunks) in chunks of 10 units. */
    static JobRecord record(String id, long chunks, long startedAtMillis) {
        return new JobRecord(id, "sum", CountingSumKernel.class.getName(), "{n=" + chunks + "}", 42, 0, 10 * chunks, 10, chunks, 2,
                "threads", ChronicleJobStore.RUNNING, startedAtMillis, 0, 0, "");
    }

    private ChronicleJobStore open() {
        return new ChronicleJobStore(dir, warnings::add);
    }

    @Test
    void shouldKeepJobsAndCheckpointsAcrossCloseAndReopen() {
        try (ChronicleJobStore store = open()) {
            store.started(record("j-old", 4, 1_000));
            store.started(record("j-new", 8, 2_000));
            store.chunkDone("j-new", 0, new long[] {7, -1});
            store.chunkDone("j-new", 5, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
            store.chunkDone("j-old", 3, new long[] {3, 3});
            store.finished("j-old", JobStatus.CANCELLED, 1, "[3, 3]", 1_500);
        }
        try (ChronicleJobStore store = open()) {
            assertEquals(List.of("j-new", "j-old"), store.list().stream().map(JobRecord::id).toList(), "newest first");
            JobRecord running = store.find("j-new").orElseThrow();
            assertEquals(ChronicleJobStore.RUNNING, running.status(), "this process is alive, so the job still runs");
            assertEquals(record("j-new", 8, 2_000), running);
            Map<Long, long[]> done = store.finishedChunks("j-new");
            assertEquals(2, done.size());
            assertArrayEquals(new long[] {7, -1}, done.get(0L));
            assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, done.get(5L));

            JobRecord cancelled = store.find("j-old").orElseThrow();
            assertEquals("CANCELLED", cancelled.status());
            assertEquals(1_500, cancelled.finishedAtMillis());
            assertEquals(1, cancelled.chunksDone());
            assertEquals("[3, 3]", cancelled.result());
            assertEquals(1, store.finishedChunks("j-old").size(), "a cancelled job keeps its checkpoints (resumable)");
            assertTrue(store.find("j-none").isEmpty());
            assertTrue(store.finishedChunks("j-none").isEmpty());

            store.finished("j-new", JobStatus.COMPLETED, 8, "[1, 2]", 3_000);
            assertTrue(store.finishedChunks("j-new").isEmpty(), "a completed job's checkpoints are dropped");
            assertEquals(1, store.checkpointCount());
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldDoNothingAfterClose() {
        ChronicleJobStore store = open();
        store.close();
        store.close();
        store.started(record("j", 1, 1));
        store.chunkDone("j", 0, new long[] {1});
        assertTrue(store.list().isEmpty());
        assertTrue(store.find("j").isEmpty());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldDropTheOldestEndedJobsBeyondTheLimitButNeverARunningOne() {
        try (ChronicleJobStore store = new ChronicleJobStore(dir, 5, ChronicleJobStore.CHECKPOINT_ENTRIES, warnings::add)) {
            store.started(record("j-running", 2, 0)); // oldest, but running: kept
            store.chunkDone("j-running", 1, new long[] {1, 1});
            for (int i = 1; i <= 12; i++) {
                String id = String.format("j-%02d", i);
                store.started(record(id, 2, i));
                store.chunkDone(id, 0, new long[] {i, i});
                store.finished(id, JobStatus.FAILED, 1, "", i);
            }
            List<String> ids = store.list().stream().map(JobRecord::id).toList();
            assertTrue(ids.size() <= 5, ids.toString());
            assertEquals("j-12", ids.get(0), "the newest job is kept: " + ids);
            assertTrue(ids.contains("j-running"), ids.toString());
            assertEquals(1, store.checkpointCount("j-running"));
            assertEquals(ids.size(), store.checkpointCount(), "dropped jobs lose their checkpoints, kept ones keep theirs");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldClearEndedJobsAndKeepInterruptedAndRunningOnes() {
        try (ChronicleJobStore store = open()) {
            store.started(record("j-done", 2, 1));
            store.finished("j-done", JobStatus.COMPLETED, 2, "[1]", 2);
            store.started(record("j-failed", 2, 3));
            store.chunkDone("j-failed", 0, new long[] {1, 1});
            store.finished("j-failed", JobStatus.FAILED, 1, "", 4);
            store.started(record("j-running", 2, 5));
            store.chunkDone("j-running", 1, new long[] {2, 2});
            store.chunkDone("j-gone", 0, new long[] {9}); // an orphan: its job was never recorded

            ChronicleJobStore.Cleared cleared = store.clear(false);
            assertEquals(2, cleared.jobs());
            assertEquals(2, cleared.checkpoints(), "j-failed's and the orphan's");
            assertEquals(1, cleared.kept());
            assertEquals(List.of("j-running"), store.list().stream().map(JobRecord::id).toList());
            assertEquals(1, store.checkpointCount("j-running"));
        }
    }

    @Test
    void shouldWarnOnceAndGoOnWhenTheCheckpointMapIsFull() {
        try (ChronicleJobStore store = new ChronicleJobStore(dir, 10, 64, warnings::add)) {
            store.started(record("j-big", 100_000, 1));
            for (int c = 0; c < 100_000 && warnings.isEmpty(); c++) {
                store.chunkDone("j-big", c, new long[] {c, c, c, c});
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("is full") && warnings.get(0).contains("shmc jobs clear"), warnings.get(0));
            store.chunkDone("j-big", 99_999, new long[] {1, 2, 3, 4});
            assertEquals(1, warnings.size(), "warned once per job");
            store.finished("j-big", JobStatus.CANCELLED, 10, "", 2);
            assertEquals("CANCELLED", store.find("j-big").orElseThrow().status(), "the job map is still usable");
        }
    }

    @Test
    void shouldResolveTheStateDirectoryFromThePropertyFirst() {
        String old = System.getProperty(StateDirectory.PROPERTY);
        try {
            System.setProperty(StateDirectory.PROPERTY, dir.toString());
            assertEquals(dir.toAbsolutePath(), StateDirectory.resolve());
            System.clearProperty(StateDirectory.PROPERTY);
            Path resolved = StateDirectory.resolve();
            assertTrue(resolved.endsWith(Path.of("shmc")), resolved.toString());
            assertFalse(resolved.startsWith("/dev/shm"), resolved.toString());
        } finally {
            if (old == null) {
                System.clearProperty(StateDirectory.PROPERTY);
            } else {
                System.setProperty(StateDirectory.PROPERTY, old);
            }
        }
    }

    @Test
    @Tag("slow")
    void shouldLetTwoProcessesCreateAndWriteOneRegistryAtOnce() throws Exception {
        int jobs = 150;
        int chunks = 6;
        Process a = ChildJvm.start(RegistryWriterChild.class, dir.toString(), "a", Integer.toString(jobs), Integer.toString(chunks));
        Process b = ChildJvm.start(RegistryWriterChild.class, dir.toString(), "b", Integer.toString(jobs), Integer.toString(chunks));
        try {
            for (Process p : List.of(a, b)) {
                StringBuilder seen = new StringBuilder();
                BufferedReader out = ChildJvm.reader(p);
                assertNotNull(ChildJvm.readUntil(out, "DONE", seen), "child output:\n" + seen);
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), seen.toString());
                assertFalse(seen.toString().contains("STORE-WARNING"), seen.toString());
            }
            try (ChronicleJobStore store = open()) {
                assertEquals(2 * jobs, store.list().size());
                for (String prefix : List.of("a", "b")) {
                    for (int i = 0; i < jobs; i++) {
                        String id = prefix + "-" + i;
                        assertEquals("CANCELLED", store.find(id).orElseThrow().status(), id);
                        Map<Long, long[]> done = store.finishedChunks(id);
                        assertEquals(chunks, done.size(), id);
                        assertArrayEquals(new long[] {i, chunks - 1}, done.get((long) chunks - 1), id);
                    }
                }
            }
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }
}
