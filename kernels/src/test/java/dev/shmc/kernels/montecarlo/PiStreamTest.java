package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiStreamTest {
    private static final int BLOCK = PiStream.BLOCK_SAMPLES;
    /** One-sided normal quantile for p = 1e-6: a sound stream fails a check about once in a million seeds. */
    private static final double Z = 4.753;
    private static final int BUCKETS = 256;
    private static final int SAMPLES = 1 << 20;

    @Test
    void shouldCountBlocksAsCeilingOfSamplesOverBlockSize() {
        assertEquals(0, PiStream.blocks(0));
        assertEquals(1, PiStream.blocks(1));
        assertEquals(1, PiStream.blocks(BLOCK));
        assertEquals(2, PiStream.blocks(BLOCK + 1));
        assertEquals(Long.MAX_VALUE / BLOCK + 1, PiStream.blocks(Long.MAX_VALUE));
    }

    @Test
    void shouldGiveFullBlocksAndAPartialLastBlock() {
        final long samples = 3L * BLOCK + 5;
        assertEquals(BLOCK, PiStream.samplesInBlock(samples, 0));
        assertEquals(BLOCK, PiStream.samplesInBlock(samples, 2));
        assertEquals(5, PiStream.samplesInBlock(samples, 3));
        assertEquals(1, PiStream.samplesInBlock(1, 0));
        assertThrows(IllegalArgumentException.class, () -> PiStream.samplesInBlock(samples, 4));
        assertThrows(IllegalArgumentException.class, () -> PiStream.samplesInBlock(samples, -1));
        assertThrows(IllegalArgumentException.class, () -> PiStream.blocks(-1));
    }

    @Test
    void shouldSplitEveryBlockSizeAmongLanesExactly() {
        for (int n = 0; n <= 3 * PiStream.LANES + 1; n++) {
            int sum = 0;
            for (int lane = 0; lane < PiStream.LANES; lane++) {
                final int inLane = PiStream.samplesInLane(n, lane);
                assertEquals(n / PiStream.LANES + (lane < n % PiStream.LANES ? 1 : 0), inLane, "n " + n + ", lane " + lane);
                sum += inLane;
            }
            assertEquals(n, sum);
        }
        assertEquals(BLOCK / PiStream.LANES, PiStream.samplesInLane(BLOCK, PiStream.LANES - 1));
    }

    @Test
    void shouldRejectBlockRangesOutsideTheJob() {
        PiStream.checkBlockRange(10, 0, 1);
        PiStream.checkBlockRange(10, 1, 1);
        PiStream.checkBlockRange(0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> PiStream.checkBlockRange(10, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> PiStream.checkBlockRange(10, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> PiStream.checkBlockRange(BLOCK * 4L, 3, 2));
    }

    @Test
    void shouldSeedEveryLaneOfEveryBlockDifferently() {
        final long key = PiStream.streamKey(42);
        final Set<Long> firstWords = new HashSet<>();
        final long[] state = new long[PiStream.BLOCK_STATE_LENGTH];
        for (long block = 0; block < 2000; block++) {
            PiStream.seedBlock(key, block, state);
            for (int lane = 0; lane < PiStream.LANES; lane++) {
                assertEquals(PiStream.laneStateWord(key, block, lane, 2), state[2 * PiStream.LANES + lane]);
                assertTrue(firstWords.add(state[lane]), "block " + block + ", lane " + lane);
            }
        }
        assertTrue(PiStream.streamKey(1) != PiStream.streamKey(2));
    }

    @Test
    void shouldBuildUnitDoublesFromTheTop52Bits() {
        assertEquals(0.0, PiStream.unitDouble(0L));
        assertEquals(0.0, PiStream.unitDouble(0xFFFL));
        assertEquals(0.5, PiStream.unitDouble(Long.MIN_VALUE));
        assertEquals(1.0 - 0x1.0p-52, PiStream.unitDouble(-1L));
    }

    @Test
    void shouldPassChiSquareOnXAndYBuckets() {
        for (final long seed : new long[] {1, 20260101}) {
            final long[] xs = new long[BUCKETS];
            final long[] ys = new long[BUCKETS];
            final long[] low = new long[BUCKETS];
            final long[] grid = new long[BUCKETS];
            drawPoints(seed, false, xs, ys, low, grid);
            final double critical = ChiSquare.critical(BUCKETS - 1, Z);
            assertBelow(ChiSquare.statistic(xs), critical, "x, seed " + seed);
            assertBelow(ChiSquare.statistic(ys), critical, "y, seed " + seed);
            assertBelow(ChiSquare.statistic(low), critical, "low mantissa bits of x, seed " + seed);
            assertBelow(ChiSquare.statistic(grid), critical, "(x, y) 16x16 grid, seed " + seed);
        }
    }

    @Test
    void shouldFailChiSquareWhenEveryLaneGetsTheSameSeed() {
        // the book's pitfall (workers that forget to reseed): the check must be able to see it
        final long[] xs = new long[BUCKETS];
        final long[] ys = new long[BUCKETS];
        final long[] low = new long[BUCKETS];
        final long[] grid = new long[BUCKETS];
        drawPoints(1, true, xs, ys, low, grid);
        final double statistic = ChiSquare.statistic(grid);
        assertTrue(statistic > ChiSquare.critical(BUCKETS - 1, Z), "chi-square " + statistic + " should reveal the copied lanes");
    }

    private static void assertBelow(final double statistic, final double critical, final String what) {
        assertTrue(statistic < critical, what + ": chi-square " + statistic + " >= critical " + critical + " (df " + (BUCKETS - 1) + ")");
    }

    /** The first {@link #SAMPLES} points of the stream, bucketed: x, y, x's bits 24..31 below the point, and a 16x16 grid. */
    private static void drawPoints(final long seed, final boolean sameSeedForAllLanes,
                                   final long[] xs, final long[] ys, final long[] low, final long[] grid) {
        final long key = PiStream.streamKey(seed);
        final Xoshiro256Plus rng = new Xoshiro256Plus(1, 0, 0, 0);
        for (long block = 0; block < PiStream.blocks(SAMPLES); block++) {
            final int blockSamples = (int) PiStream.samplesInBlock(SAMPLES, block);
            for (int lane = 0; lane < PiStream.LANES; lane++) {
                PiStream.seedLane(rng, key, block, sameSeedForAllLanes ? 0 : lane);
                for (int k = PiStream.samplesInLane(blockSamples, lane); k > 0; k--) {
                    final double x = PiStream.unitDouble(rng.nextLong());
                    final double y = PiStream.unitDouble(rng.nextLong());
                    xs[(int) (x * BUCKETS)]++;
                    ys[(int) (y * BUCKETS)]++;
                    low[(int) ((long) (x * 0x1.0p32) & (BUCKETS - 1))]++;
                    grid[(int) (x * 16) * 16 + (int) (y * 16)]++;
                }
            }
        }
    }
}
