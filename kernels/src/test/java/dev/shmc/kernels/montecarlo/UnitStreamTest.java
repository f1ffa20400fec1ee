package dev.shmc.kernels.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The per-unit streams, checked the way the π stream is ({@link PiStreamTest}): many short streams
 * (a unit draws a few hundred numbers) must be uniform on their own, from their first draw, and
 * adjacent units' streams must not be related.
 */
class UnitStreamTest {
    /** One-sided normal quantile for p = 1e-6: a sound stream fails a check about once in a million seeds. */
    private static final double Z = 4.753;
    private static final int BUCKETS = 256;
    private static final int UNITS = 4096;
    private static final int DRAWS = 256;

    @Test
    void shouldGiveTheSameStreamForTheSameSeedAndUnit() {
        final Xoshiro256PlusPlus reused = new Xoshiro256PlusPlus(1, 0, 0, 0);
        for (final long unit : new long[] {0, 1, 2, 1_000_003, Long.MAX_VALUE / 8}) {
            final Xoshiro256PlusPlus a = UnitStream.generator(42, unit);
            final Xoshiro256PlusPlus b = UnitStream.generator(42, unit);
            UnitStream.seed(reused, UnitStream.streamKey(42), unit);
            for (int i = 0; i < 100; i++) {
                final long x = a.nextLong();
                assertEquals(x, b.nextLong(), "unit " + unit + ", draw " + i);
                assertEquals(x, reused.nextLong(), "unit " + unit + ", draw " + i + " of a reseeded generator");
            }
        }
    }

    @Test
    void shouldSeedEveryUnitDifferently() {
        final long key = UnitStream.streamKey(7);
        final Set<Long> firstWords = new HashSet<>();
        for (long unit = 0; unit < 100_000; unit++) {
            assertTrue(firstWords.add(UnitStream.stateWord(key, unit, 0)), "unit " + unit);
        }
        assertNotEquals(UnitStream.streamKey(1), UnitStream.streamKey(2));
        assertNotEquals(PiStream.streamKey(7), key, "the unit streams have a key of their own");
        assertNotEquals(UnitStream.generator(1, 5).nextLong(), UnitStream.generator(2, 5).nextLong(), "another seed, another stream");
    }

    @Test
    void shouldPassChiSquareOnTheDrawsOfManyShortStreams() {
        for (final long seed : new long[] {1, 20260101}) {
            final long[] values = new long[BUCKETS];
            final long[] lowBits = new long[BUCKETS];
            final long[] pairs = new long[BUCKETS];
            for (long unit = 0; unit < UNITS; unit++) {
                final Xoshiro256PlusPlus rng = UnitStream.generator(seed, unit);
                double previous = rng.nextDouble();
                for (int k = 1; k < DRAWS; k++) {
                    final long bits = rng.nextLong();
                    final double x = (bits >>> 11) * 0x1.0p-53;
                    values[(int) (x * BUCKETS)]++;
                    lowBits[(int) (bits & (BUCKETS - 1))]++;
                    pairs[(int) (previous * 16) * 16 + (int) (x * 16)]++;
                    previous = x;
                }
            }
            assertUniform(values, "draws, seed " + seed);
            assertUniform(lowBits, "lowest 8 bits of nextLong, seed " + seed);
            assertUniform(pairs, "(draw k, draw k + 1) 16x16 grid, seed " + seed);
        }
    }

    @Test
    void shouldPassChiSquareOnTheFirstDrawOfEachUnit() {
        // a unit of a few draws lives on its first ones: they must be uniform across units
        final long[] first = new long[BUCKETS];
        final long[] second = new long[BUCKETS];
        for (long unit = 0; unit < (long) UNITS * DRAWS; unit++) {
            final Xoshiro256PlusPlus rng = UnitStream.generator(3, unit);
            first[(int) (rng.nextDouble() * BUCKETS)]++;
            second[(int) (rng.nextDouble() * BUCKETS)]++;
        }
        assertUniform(first, "first draws");
        assertUniform(second, "second draws");
    }

    @Test
    void shouldShowNoCorrelationBetweenAdjacentUnits() {
        final Pairs pairs = adjacentUnits(unit -> UnitStream.generator(11, unit));
        final double bound = Z / Math.sqrt(pairs.n);
        assertTrue(Math.abs(pairs.correlation()) < bound, "correlation " + pairs.correlation() + " of adjacent units' draws, bound " + bound);
        assertUniform(pairs.grid, "(unit u, unit u + 1) 16x16 grid");
    }

    @Test
    void shouldSeeTheCorrelationWhenPairsOfUnitsShareAStream() {
        // the pitfall of seeding from something coarser than the unit (a chunk): the check must see it
        final Pairs pairs = adjacentUnits(unit -> UnitStream.generator(11, unit / 2));
        assertTrue(pairs.correlation() > 10 * Z / Math.sqrt(pairs.n), "correlation " + pairs.correlation() + " should reveal the shared streams");
    }

    @Test
    void shouldGiveStandardNormalDeviatesFromNextGaussian() {
        long n = 0;
        double sum = 0;
        double squares = 0;
        for (long unit = 0; unit < UNITS; unit++) {
            final Xoshiro256PlusPlus rng = UnitStream.generator(5, unit);
            for (int k = 0; k < DRAWS; k++) {
                final double g = rng.nextGaussian();
                sum += g;
                squares += g * g;
                n++;
            }
        }
        final double mean = sum / n;
        final double variance = squares / n - mean * mean;
        assertTrue(Math.abs(mean) < Z / Math.sqrt(n), "mean " + mean);
        assertTrue(Math.abs(variance - 1) < Z * Math.sqrt(2.0 / n), "variance " + variance);
    }

    /** Draw k of unit u against draw k of unit u + 1, for every k and u. */
    private static Pairs adjacentUnits(final LongFunction<Xoshiro256PlusPlus> streams) {
        final Pairs pairs = new Pairs();
        final double[] previous = new double[DRAWS];
        final double[] current = new double[DRAWS];
        for (long unit = 0; unit <= UNITS; unit++) {
            final Xoshiro256PlusPlus rng = streams.apply(unit);
            for (int k = 0; k < DRAWS; k++) {
                current[k] = rng.nextDouble();
                if (unit > 0) {
                    pairs.add(previous[k], current[k]);
                }
            }
            System.arraycopy(current, 0, previous, 0, DRAWS);
        }
        return pairs;
    }

    /** Pearson's correlation and a 16x16 grid of pairs of uniform draws. */
    private static final class Pairs {
        final long[] grid = new long[BUCKETS];
        long n;
        double sx;
        double sy;
        double sxx;
        double syy;
        double sxy;

        void add(final double x, final double y) {
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
            grid[(int) (x * 16) * 16 + (int) (y * 16)]++;
        }

        double correlation() {
            final double cov = sxy / n - (sx / n) * (sy / n);
            final double vx = sxx / n - (sx / n) * (sx / n);
            final double vy = syy / n - (sy / n) * (sy / n);
            return cov / Math.sqrt(vx * vy);
        }
    }

    private static void assertUniform(final long[] counts, final String what) {
        final double statistic = ChiSquare.statistic(counts);
        final double critical = ChiSquare.critical(counts.length - 1, Z);
        assertTrue(statistic < critical, what + ": chi-square " + statistic + " >= critical " + critical + " (df " + (counts.length - 1) + ")");
    }
}
