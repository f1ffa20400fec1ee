package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.lang.foreign.MemorySegment;

/**
 * A flag in shared memory that one process raises and all others see (for instance: stop, a
 * factor was found). Occupies {@link #SIZE} bytes. A raised flag stays raised until {@link #clear}.
 * Besides the bit it carries a long value ({@link #setRelease(long)}), e.g. the reason to stop.
 */
public final class SharedFlag extends SharedWord {
    /** Bytes one flag occupies. */
    public static final int SIZE = ShmConfig.PADDED_WORD;

    public SharedFlag(MemorySegment segment, long offset) {
        super(segment, offset);
    }

    /** Raises the flag with value 1; release: what this thread wrote before is visible to whoever sees it raised. */
    public void setRelease() {
        setRelease(1);
    }

    /** Raises the flag with a non-zero value (a reason code). */
    public void setRelease(long value) {
        if (value == 0) {
            throw new IllegalArgumentException("a raised flag needs a non-zero value");
        }
        LONG.setRelease(segment, offset, value);
    }

    /** Raises the flag only if it is down; true if this call raised it (the first finder wins). */
    public boolean compareAndSet(long value) {
        return LONG.compareAndSet(segment, offset, 0L, value);
    }

    /** True when raised; acquire. Cheap enough to poll every few thousand iterations. */
    public boolean isSet() {
        return (long) LONG.getAcquire(segment, offset) != 0;
    }

    /** The raised value, 0 when down; acquire. */
    public long getAcquire() {
        return (long) LONG.getAcquire(segment, offset);
    }

    /** Lowers the flag. */
    public void clear() {
        LONG.setRelease(segment, offset, 0L);
    }
}
