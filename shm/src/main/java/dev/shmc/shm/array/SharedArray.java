package dev.shmc.shm.array;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * Base of the typed shared arrays: a view of a segment (usually a whole array region's payload)
 * with long indices. A view made by {@link #create} or {@link #attach} owns its region and closes
 * it; a view made over a segment or by {@code slice} does not.
 *
 * <p>Array regions are .npy files ({@link RegionDescriptor}: the npy layout), so that numpy
 * ({@code numpy.load(path, mmap_mode='r+')}), ND4J ({@code Nd4j.createFromNpyFile}) and the Python
 * module {@code python/shmc} open them as they are, without a copy; arrays made by that module
 * (any C-order shape, float64, int64 or int32) attach here as one-dimensional arrays of all their
 * elements. Array region metadata: element type code (int, offset 0) and element count (long, offset 8).
 */
public abstract sealed class SharedArray implements AutoCloseable
        permits SharedDoubleArray, SharedLongArray, SharedIntArray, SharedBitSet {
    static final long TYPE_OFFSET = 0;
    static final long LENGTH_OFFSET = 8;

    final MemorySegment segment;
    final long length;
    private final SharedRegion region;

    SharedArray(MemorySegment segment, long length, SharedRegion region) {
        this.segment = segment;
        this.length = length;
        this.region = region;
    }

    /** Creates an array region {@code name} sized for {@code words} storage words of {@code type}. */
    static SharedRegion createRegion(String name, ElementType type, long length, long words) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must not be negative: " + length);
        }
        if (words > Long.MAX_VALUE / type.bytes - RegionDescriptor.HEADER_LENGTH) {
            throw new IllegalArgumentException("array length too large: " + length);
        }
        // a .npy file (numpy and ND4J open it as it is); the metadata is part of the header: written before it is published, never after
        return SharedRegion.create(Regions.directory(), name, RegionDescriptor.KIND_ARRAY, words * type.bytes, NpyPreamble.of(type, words), metadata -> {
            metadata.set(ValueLayout.JAVA_INT, TYPE_OFFSET, type.code);
            metadata.set(ValueLayout.JAVA_LONG, LENGTH_OFFSET, length);
        });
    }

    /** Attaches to array region {@code name}, checking it holds {@code type}; returns the region. */
    static SharedRegion attachRegion(String name, ElementType type) {
        SharedRegion region = SharedRegion.attach(name);
        try {
            int code = region.metadata().get(ValueLayout.JAVA_INT, TYPE_OFFSET);
            if (region.kind() != RegionDescriptor.KIND_ARRAY || code != type.code) {
                throw new RegionException(RegionException.Reason.BAD_FILE, "region " + name + " is not a " + type.name().toLowerCase(Locale.ROOT)
                        + " array");
            }
            long length = storedLength(region);
            long words = type == ElementType.BITS ? (length + 63) >>> 6 : length;
            if (length < 0 || words > region.payloadLength() / type.bytes) {
                throw new RegionException(RegionException.Reason.BAD_FILE, "array region " + name + " is corrupt: it says it holds "
                        + length + " elements, its payload has " + region.payloadLength() + " bytes");
            }
            return region;
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    static long storedLength(SharedRegion region) {
        return region.metadata().get(ValueLayout.JAVA_LONG, LENGTH_OFFSET);
    }

    /** Number of elements. */
    public final long length() {
        return length;
    }

    /** The backing memory (for kernels that loop over it directly, and for ND4J views). */
    public final MemorySegment segment() {
        return segment;
    }

    /** The region this array owns, or null for a view. */
    public final SharedRegion region() {
        return region;
    }

    /** Keeps the region file after close, for another run to attach to by name. */
    public SharedArray keep() {
        if (region != null) {
            region.keep();
        }
        return this;
    }

    final void checkIndex(long index) {
        if (ShmConfig.CHECKS && (index < 0 || index >= length)) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
        }
    }

    final void checkRange(long from, long count) {
        if (ShmConfig.CHECKS && (from < 0 || count < 0 || from > length - count)) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + from + " + " + count + ") out of bounds for length " + length);
        }
    }

    /** Closes the owned region (deleting it unless kept); a view closes nothing. */
    @Override
    public void close() {
        if (region != null) {
            region.close();
        }
    }
}
