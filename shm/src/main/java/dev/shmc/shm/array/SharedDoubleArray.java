package dev.shmc.shm.array;

import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An array of {@code double} in shared memory with long indices, far beyond 2^31 elements. Plain
 * accesses (no ordering): publish what workers wrote with a flag, counter or barrier.
 */
public final class SharedDoubleArray extends SharedArray {
    private static final ValueLayout.OfDouble LAYOUT = ValueLayout.JAVA_DOUBLE;

    /** A view over {@code segment} (its size must be a multiple of 8). */
    public SharedDoubleArray(MemorySegment segment) {
        this(segment, null);
    }

    private SharedDoubleArray(MemorySegment segment, SharedRegion region) {
        super(segment, segment.byteSize() / 8, region);
    }

    /** Creates region {@code name} holding {@code length} zeros. */
    public static SharedDoubleArray create(String name, long length) {
        SharedRegion region = createRegion(name, ElementType.DOUBLE, length, length);
        return new SharedDoubleArray(region.payload().asSlice(0, length * 8), region);
    }

    /** Attaches to the double array region {@code name}. */
    public static SharedDoubleArray attach(String name) {
        SharedRegion region = attachRegion(name, ElementType.DOUBLE);
        return new SharedDoubleArray(region.payload().asSlice(0, storedLength(region) * 8), region);
    }

    public double get(long index) {
        checkIndex(index);
        return segment.getAtIndex(LAYOUT, index);
    }

    public void set(long index, double value) {
        checkIndex(index);
        segment.setAtIndex(LAYOUT, index, value);
    }

    /** A view of elements [from, to). */
    public SharedDoubleArray slice(long from, long to) {
        checkRange(from, to - from);
        return new SharedDoubleArray(segment.asSlice(from * 8, (to - from) * 8));
    }

    /** Copies {@code count} elements of {@code src} from {@code srcPos} to this array at {@code index}. */
    public void copyFrom(double[] src, int srcPos, long index, int count) {
        checkRange(index, count);
        MemorySegment.copy(src, srcPos, segment, LAYOUT, index * 8, count);
    }

    /** Copies {@code count} elements from this array at {@code index} into {@code dst} at {@code dstPos}. */
    public void copyTo(long index, double[] dst, int dstPos, int count) {
        checkRange(index, count);
        MemorySegment.copy(segment, LAYOUT, index * 8, dst, dstPos, count);
    }

    /** Sets elements [from, to) to {@code value}. */
    public void fill(long from, long to, double value) {
        checkRange(from, to - from);
        for (long i = from; i < to; i++) {
            segment.setAtIndex(LAYOUT, i, value);
        }
    }
}
