package dev.shmc.registry;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.config.StateDirectory;
import dev.shmc.shm.support.ChildJvm;
import dev.shmc.shm.support.ChildJvms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ChronicleJobStoreTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ChildJvms children = new ChildJvms();

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

    /** Overwrites 4 KB around the first job record of the job map with random bytes (through the file: the maps see them). */
    private void garbleRecords() throws IOException {
        Path file = dir.resolve(ChronicleJobStore.JOBS_FILE);
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"v\":1");
        assertTrue(at > 0, "no record in the file");
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(Math.max(0, at - 1024));
            f.write(noise);
        }
    }

    private List<Path> damagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(".damaged-")).sorted().toList();
        }
    }

    @Test
    void shouldMoveTheRegistryAsideWhenARecordTurnsOutGarbledWhileOpenAndRecordItsRunningJobsAgain() throws Exception {
        try (ChronicleJobStore store = open()) {
            for (int i = 1; i <= 3; i++) {
                store.started(record("j-" + i, 4, i));
                store.finished("j-" + i, JobStatus.COMPLETED, 4, "[1]", i + 1);
            }
            store.started(record("j-running", 4, 10));
            store.chunkDone("j-running", 0, new long[] {5, 5});
            garbleRecords();

            assertEquals(List.of("j-running"), store.list().stream().map(JobRecord::id).toList(),
                    "a new registry, with the job this store runs recorded again");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("the job registry jobs.v1.cmap was damaged ("), warnings.get(0));
            assertEquals(2, damagedFiles().size(), "both map files moved aside: " + damagedFiles());

            store.chunkDone("j-running", 1, new long[] {6, 6});
            store.finished("j-running", JobStatus.CANCELLED, 2, "[11]", 20);
            assertEquals("CANCELLED", store.find("j-running").orElseThrow().status());
            assertEquals(1, store.checkpointCount("j-running"), "the checkpoint written after the move");
        }
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    @Tag("slow")
    void shouldFollowTheNewRegistryWhenAnotherProcessMovedTheDamagedOneAside() throws Exception {
        try (ChronicleJobStore store = open()) {
            store.started(record("j-1", 4, 1));
            garbleRecords();
            // another process lists the registry, finds the damage, and starts a new one
            ChildJvm other = children.start(dir, RegistryReaderChild.class, dir.toString());
            String listed = other.awaitLineStartingWith("LISTED");
            other.awaitExit(Duration.ofSeconds(60));
            assertEquals("LISTED", listed, other.report());
            assertTrue(other.output().contains("STORE-WARNING the job registry jobs.v1.cmap was damaged ("), other.report());

            store.started(record("j-2", 4, 2)); // into the new registry, not the moved file
            assertEquals(List.of("j-2", "j-1"), store.list().stream().map(JobRecord::id).toList(),
                    "j-1 recorded again: this store still runs it");
        }
        assertEquals(List.of(), warnings, "the store that followed says nothing: the other process did");
        assertEquals(2, damagedFiles().size(), damagedFiles().toString());
    }

    /** Starts a child JVM that holds a segment lock of the checkpoint map and SIGKILLs it. */
    private void killALockHolder(String key) throws Exception {
        ChildJvm child = children.start(dir, SegmentLockHolderChild.class, dir.toString(), key);
        try {
            child.awaitLineStartingWith("LOCKED");
        } finally {
            child.kill(); // SIGKILL, and reaped
        }
    }

    @Test
    @Tag("slow")
    void shouldReleaseASegmentLockLeftByAKilledProcessWhenOpening() throws Exception {
        try (ChronicleJobStore store = open()) {
            store.started(record("j-1", 4, 1));
            store.chunkDone("j-1", 0, new long[] {1, 2});
        }
        killALockHolder(JobRecordFormat.checkpointKey("j-1", 1));

        try (ChronicleJobStore store = open()) {
            store.chunkDone("j-1", 1, new long[] {3, 4});
            Map<Long, long[]> done = store.finishedChunks("j-1");
            assertArrayEquals(new long[] {1, 2}, done.get(0L));
            assertArrayEquals(new long[] {3, 4}, done.get(1L), "the segment the dead process held is writable again");
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).matches("released 1 lock\\(s\\) in the job registry checkpoints.v1.cmap left by a process that died.*"),
                warnings.get(0));
        assertEquals(List.of(), damagedFiles(), "a released lock is not damage");
    }

    @Test
    @Tag("slow")
    void shouldReleaseASegmentLockLeftByAKilledProcessWhileOpen() throws Exception {
        try (ChronicleJobStore store = open()) {
            store.started(record("j-1", 4, 1));
            store.chunkDone("j-1", 0, new long[] {1, 2});
            killALockHolder(JobRecordFormat.checkpointKey("j-1", 1));

            store.chunkDone("j-1", 1, new long[] {3, 4});
            assertEquals(2, store.finishedChunks("j-1").size());
            store.finished("j-1", JobStatus.CANCELLED, 2, "[7]", 2);
            assertEquals("CANCELLED", store.find("j-1").orElseThrow().status());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("released 1 lock(s) in the job registry checkpoints.v1.cmap"), warnings.get(0));
    }

    @Test
    void shouldReleaseTheGlobalLockOfAProcessKilledWhileAllocatingASegmentTier() throws Exception {
        long small = 64; // a checkpoint map that needs extra tiers soon: allocating one takes the global lock
        try (ChronicleJobStore store = new ChronicleJobStore(dir, 10, small, warnings::add)) {
            store.started(record("j-1", 800, 1));
        }
        Path file = dir.resolve(ChronicleJobStore.CHECKPOINTS_FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ChronicleMapFile.Layout layout = ChronicleMapFile.check(channel, "byte[]");
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x8000_0000L), layout.globalLockOffset());
        }
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ChronicleJobStore store = new ChronicleJobStore(dir, 10, small, warnings::add)) {
            for (int c = 0; c < 700; c++) { // the first extra tier is needed after about 450
                store.chunkDone("j-1", c, new long[] {c});
            }
            assertEquals(700, store.checkpointCount("j-1"), "extra tiers were allocated: " + warnings);
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "Chronicle never waited for the lock (it prints the map when it gives up)");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("released 1 lock(s) in the job registry checkpoints.v1.cmap"), warnings.get(0));
    }

    @Test
    @Tag("slow")
    void shouldLetTwoProcessesCreateAndWriteOneRegistryAtOnce() throws Exception {
        int jobs = 150;
        int chunks = 6;
        ChildJvm a = children.start(dir, RegistryWriterChild.class, dir.toString(), "a", Integer.toString(jobs), Integer.toString(chunks));
        ChildJvm b = children.start(dir, RegistryWriterChild.class, dir.toString(), "b", Integer.toString(jobs), Integer.toString(chunks));
        try {
            for (ChildJvm p : List.of(a, b)) {
                p.awaitLineStartingWith("DONE");
                assertEquals(0, p.awaitExit(Duration.ofSeconds(30)), p.report());
                assertFalse(p.output().contains("STORE-WARNING"), p.report());
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
            a.kill();
            b.kill();
        }
    }
}
