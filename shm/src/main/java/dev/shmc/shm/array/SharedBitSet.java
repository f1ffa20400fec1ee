package dev.shmc.shm.array;

import dev.shmc.shm.region.SharedRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A bit set in shared memory with long indices, stored in 64-bit words. {@link #set} and
 * {@link #clear} are atomic (several processes may flip bits of one word at once); {@link #get}
 * is a plain read.
 */
public final class SharedBitSet extends SharedArray {
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    /** A view over {@code segment} of {@code bits} bits (the segment holds at least ceil(bits/64) longs). */
    public SharedBitSet(MemorySegment segment, long bits) {
        this(segment, bits, null);
    }

    private SharedBitSet(MemorySegment segment, long bits, SharedRegion region) {
        super(segment, bits, region);
        if (segment.byteSize() < words(bits) * Long.BYTES) {
            throw new IllegalArgumentException("segment too small for " + bits + " bits");
        }
    }

    private static long words(long bits) {
        return (bits + 63) >>> 6;
    }

    /** Creates region {@code name} holding {@code bits} clear bits. */
    public static SharedBitSet create(String name, long bits) {
        SharedRegion region = createRegion(name, ElementType.BITS, bits, words(bits));
        return new SharedBitSet(region.payload(), bits, region);
    }

    /** Attaches to the bit set region {@code name}. */
    public static SharedBitSet attach(String name) {
        SharedRegion region = attachRegion(name, ElementType.BITS);
        return new SharedBitSet(region.payload(), storedLength(region), region);
    }

    public boolean get(long bit) {
        checkIndex(bit);
        return (segment.getAtIndex(ValueLayout.JAVA_LONG, bit >>> 6) & (1L << bit)) != 0;
    }

    /** Sets a bit atomically. */
    public void set(long bit) {
        checkIndex(bit);
        WORD.getAndBitwiseOr(segment, (bit >>> 6) << 3, 1L << bit);
    }

    /** Clears a bit atomically. */
    public void clear(long bit) {
        checkIndex(bit);
        WORD.getAndBitwiseAnd(segment, (bit >>> 6) << 3, ~(1L << bit));
    }

    /** Number of set bits. */
    public long cardinality() {
        long n = 0;
        long w = words(length);
        for (long i = 0; i < w; i++) {
            long v = segment.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (i == w - 1 && (length & 63) != 0) {
                v &= (1L << length) - 1;
            }
            n += Long.bitCount(v);
        }
        return n;
    }
}
