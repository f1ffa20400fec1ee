package dev.shmc.engine.results;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.results.UserKernels.Histogram;
import dev.shmc.engine.results.UserKernels.Moments;
import dev.shmc.engine.results.UserKernels.ResidueSums;
import dev.shmc.engine.results.UserKernels.SumsAndCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Users' results: of any size, typed, and the same bits however many workers computed them. */
@Tag("slow")
@Timeout(180)
class UserResultsTest {
    @TempDir
    Path dir;

    private Engine engine(Mode mode, int workers) {
        return Engine.builder().mode(mode).workers(workers).directory(dir).build();
    }

    @Test
    void shouldReturnA4096WordResultFromWorkerJvms() {
        long units = 1_000_003;
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            JobResult r = e.run(JobSpec.builder(Histogram.class).units(units).param("bins", 4096).build());
            assertEquals(JobStatus.COMPLETED, r.status());
            long[] expected = new long[4096];
            for (long i = 0; i < units; i++) {
                expected[UserKernels.bin(i, 4096)]++;
            }
            assertArrayEquals(expected, r.longs());
            assertTrue(r.chunks() > 1, "several chunks expected, got " + r.chunks());
        }
        assertNoRegions();
    }

    @Test
    void shouldReturnAMillionWordResultWithBoundedChunks() {
        int words = 1_000_000;
        long units = 3_000_000;
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            JobResult r = e.run(JobSpec.builder(ResidueSums.class).units(units).param("words", words).build());
            assertEquals(JobStatus.COMPLETED, r.status());
            assertEquals(words, r.words().length);
            assertTrue(r.chunks() <= EngineConfig.maxChunksForResult(words), r.chunks() + " chunks");
            for (int j = 0; j < words; j += 9973) {
                long expected = (long) j + (j + words) + (j + 2L * words); // units j, j + words, j + 2 words
                assertEquals(expected, r.word(j), "word " + j);
            }
        }
        assertNoRegions();
    }

    @Test
    void shouldGiveBitIdenticalMomentsForEveryWorkerCountAndModeWithoutAChunkSize() {
        List<String> runs = new ArrayList<>();
        long[] reference = null;
        String[] setups = {"INLINE,1", "THREADS,1", "THREADS,2", "THREADS,3", "PROCESSES,1", "PROCESSES,2", "PROCESSES,3"};
        for (String setup : setups) {
            Mode mode = Mode.valueOf(setup.split(",")[0]);
            int workers = Integer.parseInt(setup.split(",")[1]);
            try (Engine e = engine(mode, workers)) {
                for (Schedule schedule : Schedule.values()) {
                    JobResult r = e.run(JobSpec.builder(Moments.class).units(2_000_003).schedule(schedule).build());
                    assertEquals(JobStatus.COMPLETED, r.status());
                    runs.add(setup + " " + schedule + ": " + r.result());
                    if (reference == null) {
                        reference = r.words();
                    } else {
                        assertArrayEquals(reference, r.words(), "moments differ in their bits:\n" + String.join("\n", runs));
                    }
                }
            }
        }
        double[] m = reference == null ? null : new JobResult("x", JobStatus.COMPLETED, reference, 0, 0, 0, 0, 1, Mode.INLINE,
                dev.shmc.engine.api.ResultLayout.doubles(3)).doubles();
        assertEquals(2_000_003, m[0]);
        assertEquals(166.7, m[1], 1.0, "mean of values spread over [-333.3, 666.7)");
        // the check can fail: another grid (as with a grid per worker count) gives other last bits
        try (Engine e = engine(Mode.THREADS, 2)) {
            long[] otherGrid = e.run(JobSpec.builder(Moments.class).units(2_000_003).chunkSize(2_000_003 / 64).build()).words();
            assertFalse(java.util.Arrays.equals(reference, otherGrid), "a different chunk grid should change the last bits");
        }
        assertNoRegions();
    }

    @Test
    void shouldAddDoublesAsDoublesAndLongsAsLongsByDefault() {
        long units = 100_000;
        double sum = 0;
        for (long i = 0; i < units; i++) {
            sum += UserKernels.value(i);
        }
        try (Engine e = engine(Mode.THREADS, 2)) {
            JobResult r = e.run(JobSpec.builder(SumsAndCount.class).units(units).build());
            assertEquals(sum, r.result().getDouble(0), Math.abs(sum) * 1e-9);
            assertTrue(r.result().getDouble(1) > 0);
            assertEquals(units, r.result().getLong(2));
            assertEquals("D2L1", r.layout().encode());
        }
    }

    private void assertNoRegions() {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).toList(), "regions left in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
