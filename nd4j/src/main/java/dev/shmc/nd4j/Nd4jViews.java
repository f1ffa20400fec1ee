package dev.shmc.nd4j;

import dev.shmc.shm.array.SharedDoubleArray;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Zero-copy ND4J views of shared double arrays: an {@link INDArray} whose data buffer is the shared
 * memory itself (a JavaCPP pointer to the segment's native address, wrapped by ND4J as an
 * external buffer it never frees). Writes through the view are writes to the shared array, seen
 * by every process that maps it, and the other way round.
 *
 * <p>The view does not keep the mapping alive: it must not be used after the array (or its
 * region) is closed; doing so reads or writes unmapped memory and may crash the JVM. In-place ND4J
 * ops ({@code addi}, {@code muli}, {@code assign}, ...) write the shared memory; ops that return a
 * new array ({@code add}, {@code dup}) allocate ND4J memory as usual. Loading ND4J takes a second
 * or two on first use.
 */
public final class Nd4jViews {
    private Nd4jViews() {
    }

    /** A 1-D view of elements {@code [from, to)} of {@code array}. */
    public static INDArray view(SharedDoubleArray array, long from, long to) {
        Objects.checkFromToIndex(from, to, array.length());
        return view(array.segment().asSlice(from << 3, (to - from) << 3));
    }

    /** A 1-D view of the whole of {@code array}. */
    public static INDArray view(SharedDoubleArray array) {
        return view(array.segment());
    }

    /**
     * A 1-D view of a native segment of doubles (its size a multiple of 8, its address 8-byte
     * aligned).
     *
     * @throws IllegalArgumentException for a heap segment, or a size or address that is not a multiple of 8
     */
    public static INDArray view(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("only native (off-heap) segments can be viewed by ND4J");
        }
        long bytes = segment.byteSize();
        if ((bytes & 7) != 0 || (segment.address() & 7) != 0) {
            throw new IllegalArgumentException("a double view needs an 8-byte aligned segment whose size is a multiple of 8");
        }
        long length = bytes >>> 3;
        if (length == 0) {
            return Nd4j.create(DataType.DOUBLE, 0);
        }
        DoublePointer pointer = new AddressPointer(segment.address(), length);
        DataBuffer buffer = Nd4j.createBuffer(pointer, DataType.DOUBLE, length, DoubleIndexer.create(pointer));
        return Nd4j.create(buffer, new long[] {length}, new long[] {1}, 0, 'c', DataType.DOUBLE);
    }

    /** A JavaCPP pointer to memory it does not own (no deallocator: nothing is freed on close). */
    private static final class AddressPointer extends DoublePointer {
        AddressPointer(long address, long length) {
            this.address = address;
            this.capacity = length;
            this.limit = length;
        }
    }
}
