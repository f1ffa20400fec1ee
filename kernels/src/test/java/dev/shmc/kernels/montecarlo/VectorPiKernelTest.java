package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The vector kernel against the scalar reference: the same count for every seed, size and split. */
@Timeout(120)
class VectorPiKernelTest {
    private static final int BLOCK = PiStream.BLOCK_SAMPLES;
    private static final BooleanSupplier NEVER = () -> false;
    private static final long[] SEEDS = {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x5DEECE66DL};
    private static final long[] SAMPLE_COUNTS = {
        0, 1, 2, 3, 7, 8, 9, 15, 17, 1000, BLOCK - 1, BLOCK, BLOCK + 1, BLOCK + 7, 2L * BLOCK, 3L * BLOCK + 5, 5L * BLOCK + 12_345,
    };

    private final PiKernel scalar = PiKernels.of("scalar");
    /** Always on the vector path: the registry's kernel counts with scalar code until C2 has compiled the vector loop. */
    private final PiKernel vector = new VectorPiKernel(false);

    /**
     * shmc's JVM flags (surefire runs with them too) name the vector loop in a CompileCommand: if the
     * method were renamed the command would silently match nothing, and a fresh worker would count
     * at scalar speed for a second again.
     */
    @Test
    void shouldCompileTheVectorLoopEarlyUnderShmcJvmFlags() throws Exception {
        assertTrue(VectorPiKernel.thresholdScaled(), "jvm.args has no CompileThresholdScaling for VectorPiKernel::countBlock");
        assertEquals(2, java.util.Arrays.stream(VectorPiKernel.class.getDeclaredMethods()).filter(m -> m.getName().equals("countBlock"))
                .findFirst().orElseThrow().getParameterCount());
    }

    @Test
    void shouldCountExactlyAsScalarForEverySeedAndSampleCount() {
        for (final long seed : SEEDS) {
            for (final long samples : SAMPLE_COUNTS) {
                final long blocks = PiStream.blocks(samples);
                assertEquals(scalar.countInside(seed, samples, 0, blocks, NEVER), vector.countInside(seed, samples, 0, blocks, NEVER),
                    "seed " + seed + ", samples " + samples);
            }
        }
    }

    /** The 512-bit path (one vector for the 8 lanes): on a CPU without AVX-512 the Vector API runs it in Java, slowly but exactly. */
    @Test
    void shouldCountExactlyAsScalarWithOne512BitVectorForTheEightLanes() {
        final PiKernel wide = new VectorPiKernel(false, true);
        for (final long seed : new long[] {0, 42, Long.MIN_VALUE}) {
            for (final long samples : new long[] {0, 1, 7, 8, 9, 1000, BLOCK + 7, 2L * BLOCK + 5}) {
                final long blocks = PiStream.blocks(samples);
                assertEquals(scalar.countInside(seed, samples, 0, blocks, NEVER), wide.countInside(seed, samples, 0, blocks, NEVER),
                        "seed " + seed + ", samples " + samples);
            }
        }
    }

    @Test
    void shouldTakeTheVectorWidthFromThePropertyOrThePreferredSpecies() {
        assertEquals(false, VectorPiKernel.wideByDefault("256"));
        assertEquals(true, VectorPiKernel.wideByDefault("512"));
        assertEquals(jdk.incubator.vector.LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512, VectorPiKernel.wideByDefault("auto"));
        assertThrows(IllegalArgumentException.class, () -> VectorPiKernel.wideByDefault("128"));
        assertEquals(VectorPiKernel.WIDE_BY_DEFAULT ? 512 : 256, PiKernels.vectorBits());
    }

    @Test
    void shouldCountExactlyAsScalarWithTheColdStartFallback() {
        final PiKernel adaptive = PiKernels.of("vector");
        final long samples = 30L * BLOCK + 3;
        assertEquals(scalar.countInside(8, samples, 0, 31, NEVER), adaptive.countInside(8, samples, 0, 31, NEVER));
    }

    @Test
    void shouldCountTinyJobsPointByPoint() {
        // 1 and 3 samples: lanes 0..2 of block 0, one point each, straight from the definition
        final long seed = 7;
        final long key = PiStream.streamKey(seed);
        final Xoshiro256Plus rng = new Xoshiro256Plus(1, 0, 0, 0);
        long expected = 0;
        for (int lane = 0; lane < 3; lane++) {
            PiStream.seedLane(rng, key, 0, lane);
            final double x = PiStream.unitDouble(rng.nextLong());
            final double y = PiStream.unitDouble(rng.nextLong());
            expected += x * x + y * y <= 1.0 ? 1 : 0;
            if (lane == 0) {
                assertEquals(expected, vector.countInside(seed, 1, 0, 1, NEVER));
                assertEquals(expected, scalar.countInside(seed, 1, 0, 1, NEVER));
            }
        }
        assertEquals(expected, vector.countInside(seed, 3, 0, 1, NEVER));
        assertEquals(expected, scalar.countInside(seed, 3, 0, 1, NEVER));
    }

    @Test
    void shouldAddUpExactlyOverRandomPartitionsOfTheBlocks() {
        final SplittableRandom random = new SplittableRandom(2024);
        for (final long samples : new long[] {BLOCK + 1, 17L * BLOCK + 3, 40L * BLOCK}) {
            final long seed = random.nextLong();
            final long blocks = PiStream.blocks(samples);
            final long whole = scalar.countInside(seed, samples, 0, blocks, NEVER);
            for (int trial = 0; trial < 5; trial++) {
                final long[] cuts = randomCuts(random, blocks);
                long vectorSum = 0;
                long scalarSum = 0;
                for (int part = 0; part + 1 < cuts.length; part++) {
                    vectorSum += vector.countInside(seed, samples, cuts[part], cuts[part + 1], NEVER);
                    scalarSum += scalar.countInside(seed, samples, cuts[part], cuts[part + 1], NEVER);
                }
                assertEquals(whole, vectorSum, "vector, samples " + samples + ", cuts " + Arrays.toString(cuts));
                assertEquals(whole, scalarSum, "scalar, samples " + samples + ", cuts " + Arrays.toString(cuts));
            }
        }
    }

    @Test
    void shouldGiveTheSameCountsFromConcurrentThreads() throws Exception {
        final long samples = 20L * BLOCK + 9;
        final long blocks = PiStream.blocks(samples);
        final long expected = scalar.countInside(99, samples, 0, blocks, NEVER);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            final List<Future<Long>> parts = new ArrayList<>();
            for (long block = 0; block < blocks; block++) {
                final long from = block;
                parts.add(pool.submit(() -> vector.countInside(99, samples, from, from + 1, NEVER)));
            }
            long sum = 0;
            for (final Future<Long> part : parts) {
                sum += part.get();
            }
            assertEquals(expected, sum);
        }
    }

    @Test
    void shouldReturnThePartialCountOfFinishedBlocksWhenStopped() {
        final long samples = 10L * BLOCK;
        for (final PiKernel kernel : new PiKernel[] {scalar, vector, PiKernels.of("vector")}) {
            final AtomicInteger polls = new AtomicInteger();
            // answers false for the first 4 polls: the kernel polls before each block, so it counts blocks 0..3
            final long partial = kernel.countInside(5, samples, 0, 10, () -> polls.incrementAndGet() > 4);
            assertEquals(kernel.countInside(5, samples, 0, 4, NEVER), partial, kernel.name());
            assertEquals(5, polls.get(), kernel.name());
        }
    }

    @Test
    void shouldRejectBlockRangesOutsideTheJob() {
        for (final PiKernel kernel : new PiKernel[] {scalar, vector}) {
            assertThrows(IllegalArgumentException.class, () -> kernel.countInside(1, BLOCK, 0, 2, NEVER));
            assertThrows(IllegalArgumentException.class, () -> kernel.countInside(1, BLOCK, -1, 1, NEVER));
            assertThrows(IllegalArgumentException.class, () -> kernel.countInside(1, -1, 0, 0, NEVER));
            assertEquals(0, kernel.countInside(1, BLOCK, 1, 1, NEVER));
        }
    }

    /** Sorted cut points 0 = c0 <= c1 <= ... <= cn = blocks, with empty parts allowed. */
    private static long[] randomCuts(final SplittableRandom random, final long blocks) {
        final int parts = 1 + random.nextInt(6);
        final long[] cuts = new long[parts + 1];
        for (int i = 1; i < parts; i++) {
            cuts[i] = random.nextLong(blocks + 1);
        }
        cuts[parts] = blocks;
        Arrays.sort(cuts);
        return cuts;
    }
}
