package dev.shmc.engine.jobs;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Schedule;
import dev.shmc.kernels.montecarlo.PiStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A seeded pi job counts the same points inside whatever the mode, workers, chunking or kernel. */
@Tag("slow")
@Timeout(300)
class PiJobReproducibilityTest {
    static final long SAMPLES = 20L * PiStream.BLOCK_SAMPLES + 12_345; // a partial last block
    static final long SEED = 20261122;
    static long reference;

    @TempDir
    Path dir;

    @BeforeAll
    static void computeReference() {
        try (Engine e = Engine.builder().mode(Mode.INLINE).build()) {
            reference = e.run(PiJobKernel.spec(SAMPLES, SEED, "scalar")).word(0);
        }
    }

    private long run(Mode mode, int workers, String kernel, long chunkBlocks, Schedule schedule) {
        try (Engine e = Engine.builder().mode(mode).workers(workers).directory(dir).build()) {
            JobSpec base = PiJobKernel.spec(SAMPLES, SEED, kernel);
            JobSpec.Builder b = JobSpec.builder(base.kernelClass()).units(base.from(), base.to()).seed(SEED)
                    .chunkSize(chunkBlocks).schedule(schedule);
            base.params().asMap().forEach(b::param);
            JobResult r = e.run(b.build());
            return r.word(0);
        }
    }

    @Test
    void shouldCountTheSameInsideInlineThreadsAndProcesses() {
        assertEquals(reference, run(Mode.INLINE, 1, "vector", 3, Schedule.DYNAMIC));
        assertEquals(reference, run(Mode.THREADS, 2, "vector", 1, Schedule.RANDOMIZED));
        assertEquals(reference, run(Mode.THREADS, 3, "scalar", 7, Schedule.STATIC));
        for (int w = 1; w <= 3; w++) {
            assertEquals(reference, run(Mode.PROCESSES, w, "vector", w + 1, Schedule.DYNAMIC), "processes x" + w);
        }
        assertEquals(reference, run(Mode.PROCESSES, 2, "scalar", 0, Schedule.RANDOMIZED));
    }

    @Test
    void shouldEstimatePiWithinSixSigma() {
        long samples = 10_000_000;
        try (Engine e = Engine.builder().mode(Mode.THREADS).workers(2).directory(dir).build()) {
            long inside = e.run(PiJobKernel.spec(samples, 7, "vector")).word(0);
            double p = Math.PI / 4;
            double sigma = 4 * Math.sqrt(p * (1 - p) / samples);
            assertEquals(Math.PI, 4.0 * inside / samples, 6 * sigma);
        }
    }
}
