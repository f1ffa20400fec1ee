package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A reusable barrier for a fixed number of parties across processes. Each party calls
 * {@link #await}; the last to arrive opens the barrier for everyone and resets it for the next
 * round (a generation counter tells rounds apart).
 *
 * <p>Layout ({@link #SIZE} bytes): arrivals in the current round, and the generation, each on its
 * own 128-byte line. A party that times out leaves the barrier broken for that round.
 */
public final class SharedBarrier extends SharedWord {
    /** Bytes one barrier occupies. */
    public static final int SIZE = 2 * ShmConfig.PADDED_WORD;

    private static final long GENERATION_OFFSET = ShmConfig.PADDED_WORD;

    private final int parties;

    public SharedBarrier(MemorySegment segment, long offset, int parties) {
        super(segment, offset, SIZE);
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
        }
        this.parties = parties;
    }

    public int parties() {
        return parties;
    }

    /** Generation (completed rounds); acquire. */
    public long generation() {
        return (long) LONG.getAcquire(segment, offset + GENERATION_OFFSET);
    }

    /**
     * Waits until all parties have arrived in this round.
     *
     * @return the arrival index of this party (0 for the first, parties-1 for the last)
     * @throws TimeoutException if the round did not complete in time
     */
    public int await(long timeout, TimeUnit unit) throws TimeoutException {
        long generation = (long) LONG.getAcquire(segment, offset + GENERATION_OFFSET);
        long arrived = (long) LONG.getAndAdd(segment, offset, 1L) + 1;
        if (arrived == parties) {
            LONG.setVolatile(segment, offset, 0L);
            // release: parties that see the new generation also see everything before the barrier
            LONG.setRelease(segment, offset + GENERATION_OFFSET, generation + 1);
            return parties - 1;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        IdleStrategy idle = new IdleStrategy(1000, 100, 200_000);
        while ((long) LONG.getAcquire(segment, offset + GENERATION_OFFSET) == generation) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("barrier timed out with " + LONG.getVolatile(segment, offset) + " of "
                        + parties + " parties arrived");
            }
            idle.idle();
        }
        return (int) arrived - 1;
    }
}
