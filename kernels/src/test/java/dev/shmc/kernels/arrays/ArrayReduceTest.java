package dev.shmc.kernels.arrays;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrayReduceTest {
    private final Arena arena = Arena.ofConfined();
    private final SplittableRandom random = new SplittableRandom(20240601);

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment doubles(long n) {
        return arena.allocate(ValueLayout.JAVA_DOUBLE, n);
    }

    /** Cut points of a random partition of [0, n): 0, ..., n. */
    private long[] randomPartition(long n, int maxParts) {
        TreeSet<Long> cuts = new TreeSet<>();
        cuts.add(0L);
        cuts.add(n);
        int parts = 1 + random.nextInt(maxParts);
        for (int i = 0; i < parts - 1; i++) {
            cuts.add(random.nextLong(n + 1));
        }
        return cuts.stream().mapToLong(Long::longValue).toArray();
    }

    /** The same, with every cut on a block boundary. */
    private long[] randomBlockPartition(long n, int maxParts) {
        long[] cuts = randomPartition(n, maxParts);
        TreeSet<Long> aligned = new TreeSet<>();
        for (long c : cuts) {
            aligned.add(c == n ? n : c / ArraysConfig.REDUCE_BLOCK * ArraysConfig.REDUCE_BLOCK);
        }
        return aligned.stream().mapToLong(Long::longValue).toArray();
    }

    private static BigDecimal exactSum(MemorySegment a, long from, long to) {
        BigDecimal s = BigDecimal.ZERO;
        for (long i = from; i < to; i++) {
            s = s.add(new BigDecimal(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i)));
        }
        return s;
    }

    private static double sumAbs(MemorySegment a, long from, long to) {
        double s = 0;
        for (long i = from; i < to; i++) {
            s += Math.abs(a.getAtIndex(ValueLayout.JAVA_DOUBLE, i));
        }
        return s;
    }

    /** The error bound of a block-lane sum: BLOCK/8 plain adds per lane, then compensated. */
    private static double bound(double sumAbs, double exact) {
        return (ArraysConfig.REDUCE_BLOCK / 8.0 + 8) * 0x1.0p-53 * sumAbs + Math.ulp(exact);
    }

    @Test
    void shouldSumIntegerValuedDataExactlyOnRandomPartitions() {
        long n = 100_003;
        MemorySegment a = doubles(n);
        long exact = 0;
        for (long i = 0; i < n; i++) {
            long v = random.nextLong(-1_000_000_000L, 1_000_000_000L);
            a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            exact += v;
        }
        assertEquals((double) exact, ArrayReduce.sum(a, 0, n));
        for (int trial = 0; trial < 50; trial++) {
            long[] cuts = randomPartition(n, 20);
            CompensatedSum running = new CompensatedSum();
            CompensatedSum combined = new CompensatedSum();
            for (int p = 0; p + 1 < cuts.length; p++) {
                ArrayReduce.sum(a, cuts[p], cuts[p + 1], running);
                CompensatedSum part = new CompensatedSum();
                ArrayReduce.sum(a, cuts[p], cuts[p + 1], part);
                combined.add(part.hi(), part.lo());
            }
            assertEquals((double) exact, running.value(), "running sum over " + cuts.length + " cuts");
            assertEquals((double) exact, combined.value(), "combined parts over " + cuts.length + " cuts");
        }
    }

    @Test
    void shouldStayWithinTheBlockErrorBoundOfTheExactSumOnRandomPartitions() {
        long n = 50_001;
        MemorySegment a = doubles(n);
        for (long i = 0; i < n; i++) {
            // mixed signs and magnitudes: cancellation is where plain sums go wrong
            double v = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-20, 21));
            a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
        for (int trial = 0; trial < 20; trial++) {
            long[] cuts = randomPartition(n, 10);
            CompensatedSum combined = new CompensatedSum();
            for (int p = 0; p + 1 < cuts.length; p++) {
                CompensatedSum part = new CompensatedSum();
                ArrayReduce.sum(a, cuts[p], cuts[p + 1], part);
                BigDecimal partExact = exactSum(a, cuts[p], cuts[p + 1]);
                assertTrue(partExact.subtract(new BigDecimal(part.value())).abs().doubleValue()
                        <= bound(sumAbs(a, cuts[p], cuts[p + 1]), partExact.doubleValue()), "part " + p);
                combined.add(part.hi(), part.lo());
            }
            BigDecimal exact = exactSum(a, 0, n);
            double error = exact.subtract(new BigDecimal(combined.value())).abs().doubleValue();
            assertTrue(error <= bound(sumAbs(a, 0, n), exact.doubleValue()), "error " + error);
        }
    }

    @Test
    void shouldBeFarMoreAccurateThanAPlainLoop() {
        long n = 4_000_000;
        MemorySegment a = doubles(n);
        ArrayFill.constant(a, 0, n, 0.1);
        BigDecimal exact = new BigDecimal(0.1).multiply(BigDecimal.valueOf(n));
        double plain = 0;
        for (long i = 0; i < n; i++) {
            plain += a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
        }
        double ours = ArrayReduce.sum(a, 0, n);
        double plainError = exact.subtract(new BigDecimal(plain)).abs().doubleValue();
        double ourError = exact.subtract(new BigDecimal(ours)).abs().doubleValue();
        // 0.1 is the same in every block, so the per-block errors add up; they stay a few ulps
        assertTrue(ourError <= 16 * Math.ulp(ours), "error " + ourError + " ulp " + Math.ulp(ours));
        assertTrue(plainError > 100 * ourError, "the plain loop should drift far more: " + plainError + " vs " + ourError);
    }

    @Test
    void shouldGiveSumsWithinOneUlpWhenSplitAtBlockBoundaries() {
        long n = 40L * ArraysConfig.REDUCE_BLOCK + 123;
        MemorySegment a = doubles(n);
        ArrayFill.random(a, 0, n, 99);
        double whole = ArrayReduce.sum(a, 0, n);
        for (int trial = 0; trial < 50; trial++) {
            long[] cuts = randomBlockPartition(n, 12);
            CompensatedSum combined = new CompensatedSum();
            for (int p = 0; p + 1 < cuts.length; p++) {
                CompensatedSum part = new CompensatedSum();
                ArrayReduce.sum(a, cuts[p], cuts[p + 1], part);
                combined.add(part.hi(), part.lo());
            }
            assertEquals(whole, combined.value(), Math.ulp(whole));
        }
    }

    @Test
    void shouldComputeTheDotProductExactlyForIntegersAndWithinTheBoundOtherwise() {
        long n = 30_011;
        MemorySegment x = doubles(n);
        MemorySegment y = doubles(n);
        long exact = 0;
        for (long i = 0; i < n; i++) {
            long u = random.nextLong(-30_000, 30_000);
            long v = random.nextLong(-30_000, 30_000);
            x.setAtIndex(ValueLayout.JAVA_DOUBLE, i, u);
            y.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            exact += u * v;
        }
        for (int trial = 0; trial < 20; trial++) {
            long[] cuts = randomPartition(n, 10);
            CompensatedSum acc = new CompensatedSum();
            for (int p = 0; p + 1 < cuts.length; p++) {
                ArrayReduce.dot(x, y, cuts[p], cuts[p + 1], acc);
            }
            assertEquals((double) exact, acc.value());
        }
        ArrayFill.random(x, 0, n, 1);
        ArrayFill.random(y, 0, n, 2);
        BigDecimal ref = BigDecimal.ZERO;
        double abs = 0;
        for (long i = 0; i < n; i++) {
            double u = x.getAtIndex(ValueLayout.JAVA_DOUBLE, i) - 0.5;
            double v = y.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            x.setAtIndex(ValueLayout.JAVA_DOUBLE, i, u);
            ref = ref.add(new BigDecimal(u).multiply(new BigDecimal(v), MathContext.UNLIMITED));
            abs += Math.abs(u * v);
        }
        double dot = ArrayReduce.dot(x, y, 0, n);
        assertTrue(ref.subtract(new BigDecimal(dot)).abs().doubleValue() <= bound(abs, ref.doubleValue()));
    }

    @Test
    void shouldFindMinAndMaxExactlyOnRandomPartitions() {
        long n = 70_001;
        MemorySegment a = doubles(n);
        ArrayFill.random(a, 0, n, 5);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < n; i++) {
            double v = a.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int trial = 0; trial < 30; trial++) {
            long[] cuts = randomPartition(n, 15);
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int p = 0; p + 1 < cuts.length; p++) {
                mn = Math.min(mn, ArrayReduce.min(a, cuts[p], cuts[p + 1]));
                mx = Math.max(mx, ArrayReduce.max(a, cuts[p], cuts[p + 1]));
            }
            assertEquals(min, mn);
            assertEquals(max, mx);
        }
    }

    @Test
    void shouldReturnTheIdentityForAnEmptyRangeAndPropagateNaN() {
        MemorySegment a = doubles(100);
        ArrayFill.index(a, 0, 100, 1, 0);
        assertEquals(Double.POSITIVE_INFINITY, ArrayReduce.min(a, 7, 7));
        assertEquals(Double.NEGATIVE_INFINITY, ArrayReduce.max(a, 7, 7));
        assertEquals(0.0, ArrayReduce.sum(a, 7, 7));
        a.setAtIndex(ValueLayout.JAVA_DOUBLE, 50, Double.NaN);
        assertTrue(Double.isNaN(ArrayReduce.min(a, 0, 100)));
        assertTrue(Double.isNaN(ArrayReduce.max(a, 0, 100)));
        assertTrue(Double.isNaN(ArrayReduce.sum(a, 0, 100)));
        a.setAtIndex(ValueLayout.JAVA_DOUBLE, 50, Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, ArrayReduce.sum(a, 0, 100));
        assertEquals(Double.POSITIVE_INFINITY, ArrayReduce.max(a, 0, 100));
    }

    @Test
    void shouldGiveTheSameBitsOnTheScalarAndVectorPaths() {
        long n = 3 * ArraysConfig.REDUCE_BLOCK + 13;
        MemorySegment x = doubles(n);
        MemorySegment y = doubles(n);
        ArrayFill.random(x, 0, n, 11);
        ArrayFill.random(y, 0, n, 12);
        ArrayMap.axpy(-0.5, y, x, 0, n); // signs
        for (int trial = 0; trial < 200; trial++) {
            long from = random.nextLong(n);
            long to = from + random.nextLong(Math.min(n - from, ArraysConfig.REDUCE_BLOCK) + 1);
            assertEquals(ArrayReduce.blockSumScalar(x, from, to), ArrayReduce.blockSumVector(x, from, to), "sum " + from + ".." + to);
            assertEquals(ArrayReduce.blockDotScalar(x, y, from, to), ArrayReduce.blockDotVector(x, y, from, to), "dot " + from + ".." + to);
            assertEquals(ArrayReduce.minScalar(x, from, to), ArrayReduce.minVector(x, from, to));
            assertEquals(ArrayReduce.maxScalar(x, from, to), ArrayReduce.maxVector(x, from, to));
        }
    }

    @Test
    void shouldRefuseARangeOutsideTheSegment() {
        MemorySegment a = doubles(10);
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayReduce.sum(a, 0, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayReduce.min(a, 5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayMap.scale(a, -1, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayFill.random(a, 0, 12, 1));
    }
}
