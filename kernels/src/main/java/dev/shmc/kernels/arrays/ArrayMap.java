package dev.shmc.kernels.arrays;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise maps over a range {@code [from, to)} of double arrays in memory segments, in place
 * (the BLAS level-1 {@code scal} and {@code axpy}). Each element's result depends on that element
 * alone and is one correctly rounded operation (a product, or an FMA), so the scalar and vector
 * paths and any split of the range give the same bits. No allocation; safe from any thread for
 * disjoint ranges.
 */
public final class ArrayMap {
    private ArrayMap() {
    }

    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long VECTOR_BYTES = SPECIES.vectorByteSize();

    /** {@code a[i] = alpha * a[i]} for i in {@code [from, to)}. */
    public static void scale(MemorySegment a, long from, long to, double alpha) {
        ArrayReduce.checkRange(a, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        long lo = from;
        // block by block: a short method C2 compiles early (see ArrayReduce.min)
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            scaleBlock(a, lo, hi, alpha, vector);
            lo = hi;
        }
    }

    /** {@code y[i] = alpha * x[i] + y[i]} (one fused multiply-add) for i in {@code [from, to)}. */
    public static void axpy(double alpha, MemorySegment x, MemorySegment y, long from, long to) {
        ArrayReduce.checkRange(x, from, to);
        ArrayReduce.checkRange(y, from, to);
        final long block = ArraysConfig.REDUCE_BLOCK;
        final boolean vector = ArraysConfig.VECTOR;
        long lo = from;
        while (lo < to) {
            long hi = Math.min(to, (lo & -block) + block);
            axpyBlock(alpha, x, y, lo, hi, vector);
            lo = hi;
        }
    }

    private static void scaleBlock(MemorySegment a, long from, long to, double alpha, boolean vector) {
        long off = from << 3;
        final long end = to << 3;
        if (vector) {
            final long fullEnd = off + ((end - off) & -VECTOR_BYTES);
            for (; off < fullEnd; off += VECTOR_BYTES) {
                DoubleVector.fromMemorySegment(SPECIES, a, off, ORDER).mul(alpha).intoMemorySegment(a, off, ORDER);
            }
        }
        for (; off < end; off += 8) {
            a.set(DOUBLE, off, alpha * a.get(DOUBLE, off));
        }
    }

    private static void axpyBlock(double alpha, MemorySegment x, MemorySegment y, long from, long to, boolean vector) {
        long off = from << 3;
        final long end = to << 3;
        if (vector) {
            final long fullEnd = off + ((end - off) & -VECTOR_BYTES);
            final DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
            for (; off < fullEnd; off += VECTOR_BYTES) {
                a.fma(DoubleVector.fromMemorySegment(SPECIES, x, off, ORDER), DoubleVector.fromMemorySegment(SPECIES, y, off, ORDER))
                        .intoMemorySegment(y, off, ORDER);
            }
        }
        for (; off < end; off += 8) {
            y.set(DOUBLE, off, Math.fma(alpha, x.get(DOUBLE, off), y.get(DOUBLE, off)));
        }
    }
}
