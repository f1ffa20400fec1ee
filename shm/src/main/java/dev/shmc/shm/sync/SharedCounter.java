package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.lang.foreign.MemorySegment;

/**
 * A 64-bit counter in shared memory, exact under any contention from any number of threads and
 * processes ({@code getAndAdd} is a locked add). Occupies {@link #SIZE} bytes.
 */
public final class SharedCounter extends SharedWord {
    /** Bytes one counter occupies. */
    public static final int SIZE = ShmConfig.PADDED_WORD;

    public SharedCounter(MemorySegment segment, long offset) {
        super(segment, offset);
    }

    /** Plain read: for statistics read after the writers are done, or where staleness is fine. */
    public long get() {
        return (long) LONG.get(segment, offset);
    }

    public long getAcquire() {
        return (long) LONG.getAcquire(segment, offset);
    }

    public long getVolatile() {
        return (long) LONG.getVolatile(segment, offset);
    }

    public void setRelease(long value) {
        LONG.setRelease(segment, offset, value);
    }

    public void setVolatile(long value) {
        LONG.setVolatile(segment, offset, value);
    }

    /** Atomically adds {@code delta}; returns the value before. */
    public long getAndAdd(long delta) {
        return (long) LONG.getAndAdd(segment, offset, delta);
    }

    /** Atomically adds {@code delta}; returns the value after. */
    public long addAndGet(long delta) {
        return (long) LONG.getAndAdd(segment, offset, delta) + delta;
    }

    public boolean compareAndSet(long expected, long value) {
        return LONG.compareAndSet(segment, offset, expected, value);
    }

    /**
     * The unsafe way on purpose: a plain read, add and plain write. Concurrent callers lose
     * updates; it exists to demonstrate exactly that (the book's unlocked counter).
     */
    public void plainIncrement(long delta) {
        long v = (long) LONG.get(segment, offset);
        LONG.set(segment, offset, v + delta);
    }
}
