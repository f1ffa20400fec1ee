package dev.shmc.shm.array;

import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An array of {@code int} in shared memory with long indices, far beyond 2^31 elements. Plain
 * accesses (no ordering): publish what workers wrote with a flag, counter or barrier.
 */
public final class SharedIntArray extends SharedArray {
    private static final ValueLayout.OfInt LAYOUT = ValueLayout.JAVA_INT;

    /** A view over {@code segment} (its size must be a multiple of 4). */
    public SharedIntArray(MemorySegment segment) {
        this(segment, null);
    }

    private SharedIntArray(MemorySegment segment, SharedRegion region) {
        super(segment, segment.byteSize() / 4, region);
    }

    /** Creates region {@code name} holding {@code length} zeros. */
    public static SharedIntArray create(String name, long length) {
        SharedRegion region = createRegion(name, ElementType.INT, length, length);
        return new SharedIntArray(region.payload().asSlice(0, length * 4), region);
    }

    /** Attaches to the int array region {@code name}. */
    public static SharedIntArray attach(String name) {
        SharedRegion region = attachRegion(name, ElementType.INT);
        return new SharedIntArray(region.payload().asSlice(0, storedLength(region) * 4), region);
    }

    public int get(long index) {
        checkIndex(index);
        return segment.getAtIndex(LAYOUT, index);
    }

    public void set(long index, int value) {
        checkIndex(index);
        segment.setAtIndex(LAYOUT, index, value);
    }

    /** A view of elements [from, to). */
    public SharedIntArray slice(long from, long to) {
        checkRange(from, to - from);
        return new SharedIntArray(segment.asSlice(from * 4, (to - from) * 4));
    }

    /** Copies {@code count} elements of {@code src} from {@code srcPos} to this array at {@code index}. */
    public void copyFrom(int[] src, int srcPos, long index, int count) {
        checkRange(index, count);
        MemorySegment.copy(src, srcPos, segment, LAYOUT, index * 4, count);
    }

    /** Copies {@code count} elements from this array at {@code index} into {@code dst} at {@code dstPos}. */
    public void copyTo(long index, int[] dst, int dstPos, int count) {
        checkRange(index, count);
        MemorySegment.copy(segment, LAYOUT, index * 4, dst, dstPos, count);
    }

    /** Sets elements [from, to) to {@code value}. */
    public void fill(long from, long to, int value) {
        checkRange(from, to - from);
        for (long i = from; i < to; i++) {
            segment.setAtIndex(LAYOUT, i, value);
        }
    }
}
