package dev.shmc.engine.streams;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.kernels.montecarlo.UnitStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Per-unit random streams on the engine: the same numbers for a unit wherever and however it is computed. */
@Tag("slow")
@Timeout(300)
class UnitStreamJobTest {
    private static final long SEED = 20260101;
    private static final int UNITS = 200;
    private static final long BLOCKS = 3001;
    private static final String[] SETUPS = {"INLINE,1", "THREADS,1", "THREADS,2", "THREADS,3", "PROCESSES,1", "PROCESSES,2", "PROCESSES,3"};
    private static final long[] CHUNK_SIZES = {0, 1, 7, 500, BLOCKS};

    @TempDir
    Path dir;

    private Engine engine(Mode mode, int workers) {
        return Engine.builder().mode(mode).workers(workers).directory(dir).build();
    }

    private static long[] expectedDraws() {
        long[] w = new long[2 * UNITS];
        for (int u = 0; u < UNITS; u++) {
            RandomGenerator rng = UnitStream.generator(SEED, u);
            w[2 * u] = rng.nextLong();
            for (int k = 1; k < 99; k++) {
                rng.nextLong();
            }
            w[2 * u + 1] = rng.nextLong();
        }
        return w;
    }

    @Test
    void shouldDrawTheSameStreamInWorkerJvmsAsInThisJvmForAnyChunkSize() {
        long[] expected = expectedDraws();
        for (Mode mode : new Mode[] {Mode.INLINE, Mode.PROCESSES}) {
            try (Engine e = engine(mode, 2)) {
                for (long chunk : CHUNK_SIZES) {
                    JobResult r = e.run(JobSpec.builder(ResultLayout.longs(2 * UNITS), OptionPricer::draws).units(UNITS).seed(SEED)
                            .chunkSize(Math.min(chunk, UNITS)).build());
                    assertArrayEquals(expected, r.words(), mode + ", chunk size " + chunk);
                }
            }
        }
    }

    @Test
    void shouldPriceToTheSameBitsForAnyWorkerCountModeAndChunkSize() {
        Params params = OptionPricer.spec(1, SEED, true).build().params();
        long expected = 0;
        for (long b = 0; b < BLOCKS; b++) {
            expected += Math.round(OptionPricer.blockPayoffs(params, UnitStream.generator(SEED, b)) * OptionPricer.SCALE);
        }
        double price = OptionPricer.discounted(expected, BLOCKS);
        assertEquals(9.122, price, 0.2, "Black-Scholes gives 9.122 for these terms; 192 064 paths have a standard error of 0.03");

        List<String> runs = new ArrayList<>();
        for (String setup : SETUPS) {
            try (Engine e = engine(Mode.valueOf(setup.split(",")[0]), Integer.parseInt(setup.split(",")[1]))) {
                for (long chunk : CHUNK_SIZES) {
                    JobResult r = e.run(OptionPricer.spec(BLOCKS, SEED, true).chunkSize(chunk).build());
                    assertEquals(JobStatus.COMPLETED, r.status());
                    runs.add(setup + " chunk " + chunk + ": " + r.word(0));
                    assertEquals(expected, r.word(0), "fixed-point payoff total differs:\n" + String.join("\n", runs));
                }
            }
        }
    }

    @Test
    void shouldPriceInDoublesToTheSameBitsForAnyWorkerCountOnTheDefaultGrid() {
        long[] reference = null;
        List<String> runs = new ArrayList<>();
        for (String setup : SETUPS) {
            try (Engine e = engine(Mode.valueOf(setup.split(",")[0]), Integer.parseInt(setup.split(",")[1]))) {
                long[] w = e.run(OptionPricer.spec(BLOCKS, SEED, false).build()).words();
                runs.add(setup + ": " + Double.longBitsToDouble(w[0]));
                if (reference == null) {
                    reference = w;
                }
                assertArrayEquals(reference, w, "payoff sums differ:\n" + String.join("\n", runs));
            }
        }
        assertTrue(Arrays.stream(reference).allMatch(x -> x != 0));
    }
}
