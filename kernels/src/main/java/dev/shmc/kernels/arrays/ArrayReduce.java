package dev.shmc.kernels.arrays;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over a range {@code [from, to)} of a double array in a memory segment (element
 * indices; the segment is the whole array, usually a shared array's payload): sum, dot product,
 * min and max. Pure functions of the memory they read: no allocation, no state, safe from any
 * thread.
 *
 * <h2>What is deterministic</h2>
 * <ul>
 *   <li>{@code min} and {@code max} are exact and order-independent: any split of the range, in
 *       any order, gives the same bits (NaN if any element is NaN; {@code -0.0 < 0.0}).
 *   <li>{@code sum} and {@code dot} cut the range at the fixed {@link ArraysConfig#REDUCE_BLOCK
 *       blocks} (aligned to index 0), sum each block in 8 lanes in a fixed order, and add the
 *       block sums in index order to a {@link CompensatedSum}. The result is a function of the
 *       data and the range alone; the scalar and vector paths give the same bits. Splitting a
 *       range at block boundaries and combining the parts' {@code CompensatedSum}s in order
 *       changes only the grouping of double-double additions: the error stays below about
 *       {@code BLOCK/8 * 2^-53 * sum|x|}, and the rounded results are equal unless the exact sum
 *       lies within a few units of 2^-100 of a rounding boundary. The engine adapters remove even
 *       that: they always cut a job at the same fixed chunk grid ({@link ArraysConfig#JOB_CHUNK})
 *       and combine chunk results in chunk order, so a job's result is bit-identical with any
 *       number of workers, in threads or processes.
 *   <li>Integer-valued data whose partial sums stay below 2^53 sums exactly, in any split.
 * </ul>
 */
public final class ArrayReduce {
    private ArrayReduce() {
    }

    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Independent partial sums per block: two 4-lane vectors, or 8 scalars. */
    private static final int LANES = 8;
    private static final long LANE_BYTES = LANES * 8L;
    private static final long HALF_BYTES = LANE_BYTES / 2;

    static {
        if (SPECIES.length() * 2 != LANES) {
            throw new AssertionError("the vector paths use two 4-lane vectors");
        }
    }

    /** Adds the sum of elements {@code [from, to)} to {@code acc}, block by block. */
    public static void sum(MemorySegment a, long from, long to, CompensatedSum acc) {
        checkRange(a, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        long lo = from;
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            acc.add(vector ? blockSumVector(a, lo, hi) : blockSumScalar(a, lo, hi));
            lo = hi;
        }
    }

    /** The sum of elements {@code [from, to)}, rounded once. */
    public static double sum(MemorySegment a, long from, long to) {
        CompensatedSum acc = new CompensatedSum();
        sum(a, from, to, acc);
        return acc.value();
    }

    /** Adds the dot product of {@code x} and {@code y} over {@code [from, to)} to {@code acc}. */
    public static void dot(MemorySegment x, MemorySegment y, long from, long to, CompensatedSum acc) {
        checkRange(x, from, to);
        checkRange(y, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        long lo = from;
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            acc.add(vector ? blockDotVector(x, y, lo, hi) : blockDotScalar(x, y, lo, hi));
            lo = hi;
        }
    }

    /** The dot product of {@code x} and {@code y} over {@code [from, to)}, rounded once. */
    public static double dot(MemorySegment x, MemorySegment y, long from, long to) {
        CompensatedSum acc = new CompensatedSum();
        dot(x, y, from, to, acc);
        return acc.value();
    }

    /** The least element of {@code [from, to)} ({@code +Infinity} when empty, NaN if any is NaN). */
    public static double min(MemorySegment a, long from, long to) {
        checkRange(a, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        double m = Double.POSITIVE_INFINITY;
        long lo = from;
        // block by block, like the sums: a short method C2 compiles early (a single long loop
        // would run interpreted until on-stack replacement, which the Vector API makes very slow)
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            m = Math.min(m, vector ? minVector(a, lo, hi) : minScalar(a, lo, hi));
            lo = hi;
        }
        return m;
    }

    /** The greatest element of {@code [from, to)} ({@code -Infinity} when empty, NaN if any is NaN). */
    public static double max(MemorySegment a, long from, long to) {
        checkRange(a, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        double m = Double.NEGATIVE_INFINITY;
        long lo = from;
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            m = Math.max(m, vector ? maxVector(a, lo, hi) : maxScalar(a, lo, hi));
            lo = hi;
        }
        return m;
    }

    static void checkRange(MemorySegment a, long from, long to) {
        Objects.checkFromToIndex(from, to, a.byteSize() >>> 3);
    }

    // ------------------------------------------------------------------ blocks (8 lanes, fixed order)
    //
    // Lane k holds the elements whose offset in the block is k mod 8. The lanes are folded as
    // ((s0+s4) + (s1+s5)) + ((s2+s6) + (s3+s7)), then the tail (< 8 elements) is added in order:
    // exactly what the vector path computes with v = v0 + v1 (lanes 0-3 and 4-7).

    static double blockSumScalar(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (; off < fullEnd; off += LANE_BYTES) {
            s0 += a.get(DOUBLE, off);
            s1 += a.get(DOUBLE, off + 8);
            s2 += a.get(DOUBLE, off + 16);
            s3 += a.get(DOUBLE, off + 24);
            s4 += a.get(DOUBLE, off + 32);
            s5 += a.get(DOUBLE, off + 40);
            s6 += a.get(DOUBLE, off + 48);
            s7 += a.get(DOUBLE, off + 56);
        }
        double s = ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
        for (; off < end; off += 8) {
            s += a.get(DOUBLE, off);
        }
        return s;
    }

    static double blockSumVector(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        DoubleVector v0 = DoubleVector.zero(SPECIES);
        DoubleVector v1 = DoubleVector.zero(SPECIES);
        for (; off < fullEnd; off += LANE_BYTES) {
            v0 = v0.add(DoubleVector.fromMemorySegment(SPECIES, a, off, ORDER));
            v1 = v1.add(DoubleVector.fromMemorySegment(SPECIES, a, off + HALF_BYTES, ORDER));
        }
        DoubleVector v = v0.add(v1);
        double s = (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
        for (; off < end; off += 8) {
            s += a.get(DOUBLE, off);
        }
        return s;
    }

    static double blockDotScalar(MemorySegment x, MemorySegment y, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (; off < fullEnd; off += LANE_BYTES) {
            s0 = Math.fma(x.get(DOUBLE, off), y.get(DOUBLE, off), s0);
            s1 = Math.fma(x.get(DOUBLE, off + 8), y.get(DOUBLE, off + 8), s1);
            s2 = Math.fma(x.get(DOUBLE, off + 16), y.get(DOUBLE, off + 16), s2);
            s3 = Math.fma(x.get(DOUBLE, off + 24), y.get(DOUBLE, off + 24), s3);
            s4 = Math.fma(x.get(DOUBLE, off + 32), y.get(DOUBLE, off + 32), s4);
            s5 = Math.fma(x.get(DOUBLE, off + 40), y.get(DOUBLE, off + 40), s5);
            s6 = Math.fma(x.get(DOUBLE, off + 48), y.get(DOUBLE, off + 48), s6);
            s7 = Math.fma(x.get(DOUBLE, off + 56), y.get(DOUBLE, off + 56), s7);
        }
        double s = ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
        for (; off < end; off += 8) {
            s = Math.fma(x.get(DOUBLE, off), y.get(DOUBLE, off), s);
        }
        return s;
    }

    static double blockDotVector(MemorySegment x, MemorySegment y, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        DoubleVector v0 = DoubleVector.zero(SPECIES);
        DoubleVector v1 = DoubleVector.zero(SPECIES);
        for (; off < fullEnd; off += LANE_BYTES) {
            v0 = DoubleVector.fromMemorySegment(SPECIES, x, off, ORDER).fma(DoubleVector.fromMemorySegment(SPECIES, y, off, ORDER), v0);
            v1 = DoubleVector.fromMemorySegment(SPECIES, x, off + HALF_BYTES, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, off + HALF_BYTES, ORDER), v1);
        }
        DoubleVector v = v0.add(v1);
        double s = (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
        for (; off < end; off += 8) {
            s = Math.fma(x.get(DOUBLE, off), y.get(DOUBLE, off), s);
        }
        return s;
    }

    // ------------------------------------------------------------------ min / max (order-free)

    static double minScalar(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -32L);
        double m0 = Double.POSITIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
        for (; off < fullEnd; off += 32) {
            m0 = Math.min(m0, a.get(DOUBLE, off));
            m1 = Math.min(m1, a.get(DOUBLE, off + 8));
            m2 = Math.min(m2, a.get(DOUBLE, off + 16));
            m3 = Math.min(m3, a.get(DOUBLE, off + 24));
        }
        double m = Math.min(Math.min(m0, m1), Math.min(m2, m3));
        for (; off < end; off += 8) {
            m = Math.min(m, a.get(DOUBLE, off));
        }
        return m;
    }

    static double maxScalar(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -32L);
        double m0 = Double.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
        for (; off < fullEnd; off += 32) {
            m0 = Math.max(m0, a.get(DOUBLE, off));
            m1 = Math.max(m1, a.get(DOUBLE, off + 8));
            m2 = Math.max(m2, a.get(DOUBLE, off + 16));
            m3 = Math.max(m3, a.get(DOUBLE, off + 24));
        }
        double m = Math.max(Math.max(m0, m1), Math.max(m2, m3));
        for (; off < end; off += 8) {
            m = Math.max(m, a.get(DOUBLE, off));
        }
        return m;
    }

    static double minVector(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
        DoubleVector v1 = v0;
        for (; off < fullEnd; off += LANE_BYTES) {
            v0 = v0.min(DoubleVector.fromMemorySegment(SPECIES, a, off, ORDER));
            v1 = v1.min(DoubleVector.fromMemorySegment(SPECIES, a, off + HALF_BYTES, ORDER));
        }
        double m = v0.min(v1).reduceLanes(VectorOperators.MIN);
        for (; off < end; off += 8) {
            m = Math.min(m, a.get(DOUBLE, off));
        }
        return m;
    }

    static double maxVector(MemorySegment a, long from, long to) {
        long off = from << 3;
        final long end = to << 3;
        final long fullEnd = off + ((end - off) & -LANE_BYTES);
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
        DoubleVector v1 = v0;
        for (; off < fullEnd; off += LANE_BYTES) {
            v0 = v0.max(DoubleVector.fromMemorySegment(SPECIES, a, off, ORDER));
            v1 = v1.max(DoubleVector.fromMemorySegment(SPECIES, a, off + HALF_BYTES, ORDER));
        }
        double m = v0.max(v1).reduceLanes(VectorOperators.MAX);
        for (; off < end; off += 8) {
            m = Math.max(m, a.get(DOUBLE, off));
        }
        return m;
    }
}
