package dev.shmc.kernels.arrays;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Fills a range {@code [from, to)} of a double array in a memory segment, in place. Every element's
 * value is a function of its index (and the seed) alone, so a fill split among any number of
 * workers, in any order, writes the same array. No allocation; safe from any thread for disjoint
 * ranges.
 *
 * <h2>Random stream</h2>
 * The array is cut into blocks of {@link ArraysConfig#FILL_BLOCK} elements. Block {@code b} has its
 * own SplitMix64 stream whose seed is the b-th output of a SplitMix64 generator seeded with
 * {@code mix(seed)}; element {@code k} of the block is the stream's k-th output, turned into a
 * double in [0, 1) from its top 53 bits. SplitMix64 is a counter passed through a mixer, so a fill
 * may start at any element in O(1).
 */
public final class ArrayFill {
    private ArrayFill() {
    }

    /** The SplitMix64 increment: 2^64 / golden ratio, rounded to odd. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    private static final double UNIT = 0x1.0p-53;

    /** {@code a[i] = scale * i + offset} (one fused multiply-add) for i in {@code [from, to)}. */
    public static void index(MemorySegment a, long from, long to, double scale, double offset) {
        ArrayReduce.checkRange(a, from, to);
        long off = from << 3;
        for (long i = from; i < to; i++, off += 8) {
            a.set(DOUBLE, off, Math.fma(scale, (double) i, offset));
        }
    }

    /** {@code a[i] = value} for i in {@code [from, to)}. */
    public static void constant(MemorySegment a, long from, long to, double value) {
        ArrayReduce.checkRange(a, from, to);
        if (Double.doubleToRawLongBits(value) == 0) {
            a.asSlice(from << 3, (to - from) << 3).fill((byte) 0); // +0.0 is all zero bytes: a memset
            return;
        }
        for (long off = from << 3, end = to << 3; off < end; off += 8) {
            a.set(DOUBLE, off, value);
        }
    }

    /** Uniform doubles in [0, 1) from the per-block streams of {@code seed} (see the class comment). */
    public static void random(MemorySegment a, long from, long to, long seed) {
        ArrayReduce.checkRange(a, from, to);
        final long key = mix(seed);
        final long block = ArraysConfig.FILL_BLOCK;
        long i = from;
        long off = from << 3;
        while (i < to) {
            final long b = i / block;
            final long end = Math.min(to, (b + 1) * block);
            // the counter of the element before i in block b's stream
            long state = blockSeed(key, b) + (i - b * block) * GOLDEN_GAMMA;
            for (; i < end; i++, off += 8) {
                state += GOLDEN_GAMMA;
                a.set(DOUBLE, off, (mix(state) >>> 11) * UNIT);
            }
        }
    }

    /** The value {@link #random} writes at {@code index} for {@code seed}: the reference for tests. */
    public static double randomAt(long seed, long index) {
        long b = index / ArraysConfig.FILL_BLOCK;
        long k = index - b * ArraysConfig.FILL_BLOCK;
        return (mix(blockSeed(mix(seed), b) + (k + 1) * GOLDEN_GAMMA) >>> 11) * UNIT;
    }

    /** Seed of block {@code b}'s stream: output b of SplitMix64(key). */
    private static long blockSeed(long key, long b) {
        return mix(key + (b + 1) * GOLDEN_GAMMA);
    }

    /** The SplitMix64 output mixer (Stafford variant 13), a bijection on 64-bit values. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
