package dev.shmc.shm.array;

import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An array of {@code long} in shared memory with long indices, far beyond 2^31 elements. Plain
 * accesses (no ordering): publish what workers wrote with a flag, counter or barrier.
 */
public final class SharedLongArray extends SharedArray {
    private static final ValueLayout.OfLong LAYOUT = ValueLayout.JAVA_LONG;

    /** A view over {@code segment} (its size must be a multiple of 8). */
    public SharedLongArray(MemorySegment segment) {
        this(segment, null);
    }

    private SharedLongArray(MemorySegment segment, SharedRegion region) {
        super(segment, segment.byteSize() / 8, region);
    }

    /** Creates region {@code name} holding {@code length} zeros. */
    public static SharedLongArray create(String name, long length) {
        SharedRegion region = createRegion(name, ElementType.LONG, length, length);
        return new SharedLongArray(region.payload().asSlice(0, length * 8), region);
    }

    /** Attaches to the long array region {@code name}. */
    public static SharedLongArray attach(String name) {
        SharedRegion region = attachRegion(name, ElementType.LONG);
        return new SharedLongArray(region.payload().asSlice(0, storedLength(region) * 8), region);
    }

    public long get(long index) {
        checkIndex(index);
        return segment.getAtIndex(LAYOUT, index);
    }

    public void set(long index, long value) {
        checkIndex(index);
        segment.setAtIndex(LAYOUT, index, value);
    }

    /** A view of elements [from, to). */
    public SharedLongArray slice(long from, long to) {
        checkRange(from, to - from);
        return new SharedLongArray(segment.asSlice(from * 8, (to - from) * 8));
    }

    /** Copies {@code count} elements of {@code src} from {@code srcPos} to this array at {@code index}. */
    public void copyFrom(long[] src, int srcPos, long index, int count) {
        checkRange(index, count);
        MemorySegment.copy(src, srcPos, segment, LAYOUT, index * 8, count);
    }

    /** Copies {@code count} elements from this array at {@code index} into {@code dst} at {@code dstPos}. */
    public void copyTo(long index, long[] dst, int dstPos, int count) {
        checkRange(index, count);
        MemorySegment.copy(segment, LAYOUT, index * 8, dst, dstPos, count);
    }

    /** Sets elements [from, to) to {@code value}. */
    public void fill(long from, long to, long value) {
        checkRange(from, to - from);
        for (long i = from; i < to; i++) {
            segment.setAtIndex(LAYOUT, i, value);
        }
    }
}
