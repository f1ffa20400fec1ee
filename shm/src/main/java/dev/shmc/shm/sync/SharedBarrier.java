package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A reusable barrier for a fixed number of parties across processes. Each party calls
 * {@link #await}; the last to arrive opens the barrier for everyone and resets it for the next
 * round (a generation counter tells rounds apart).
 *
 * <p>Layout ({@link #SIZE} bytes): one word holding the generation (completed rounds, high 40
 * bits) and the arrivals in the current round (low 24 bits), followed by padding. Keeping both in
 * one word makes arriving, opening and withdrawing single compare-and-sets: a party that times out
 * withdraws its arrival unless the round has already opened, so the barrier stays usable and a
 * later round still needs every party.
 */
public final class SharedBarrier extends SharedWord {
    /** Bytes one barrier occupies. */
    public static final int SIZE = 2 * ShmConfig.PADDED_WORD;

    /** Most parties a barrier can have (the arrivals field is 24 bits). */
    public static final int MAX_PARTIES = (1 << 24) - 1;

    private static final int ARRIVALS_BITS = 24;
    private static final long ARRIVALS_MASK = (1L << ARRIVALS_BITS) - 1;

    private final int parties;

    public SharedBarrier(MemorySegment segment, long offset, int parties) {
        super(segment, offset, SIZE);
        if (parties < 1 || parties > MAX_PARTIES) {
            throw new IllegalArgumentException("a barrier needs 1 to " + MAX_PARTIES + " parties: " + parties);
        }
        this.parties = parties;
    }

    public int parties() {
        return parties;
    }

    /** Generation (completed rounds, modulo 2^40); acquire. */
    public long generation() {
        return (long) LONG.getAcquire(segment, offset) >>> ARRIVALS_BITS;
    }

    /**
     * Waits until all parties have arrived in this round. Everything a party wrote before calling
     * {@code await} is visible to every party after {@code await} returns.
     *
     * @return the arrival index of this party (0 for the first, parties-1 for the last)
     * @throws TimeoutException if the round did not complete in time; this party's arrival is
     *                          withdrawn, so the round still waits for all parties
     */
    public int await(long timeout, TimeUnit unit) throws TimeoutException {
        long generation;
        int index;
        while (true) {
            long word = (long) LONG.getVolatile(segment, offset);
            generation = word >>> ARRIVALS_BITS;
            index = (int) (word & ARRIVALS_MASK);
            if (index + 1 == parties) {
                // the last party opens the round: next generation, no arrivals. The compare-and-set
                // publishes every party's writes to all who see the new generation.
                if (LONG.compareAndSet(segment, offset, word, (generation + 1) << ARRIVALS_BITS)) {
                    return index;
                }
            } else {
                if (LONG.compareAndSet(segment, offset, word, word + 1)) {
                    break;
                }
            }
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        IdleStrategy idle = new IdleStrategy(1000, 100, 200_000);
        while (((long) LONG.getAcquire(segment, offset) >>> ARRIVALS_BITS) == generation) {
            if (System.nanoTime() - deadline >= 0) {
                withdraw(generation, timeout, unit);
                return index; // the round opened while giving up
            }
            idle.idle();
        }
        return index;
    }

    /** Takes this party's arrival back, unless the round opened meanwhile; throws when withdrawn. */
    private void withdraw(long generation, long timeout, TimeUnit unit) throws TimeoutException {
        while (true) {
            long word = (long) LONG.getVolatile(segment, offset);
            if (word >>> ARRIVALS_BITS != generation) {
                return;
            }
            if (LONG.compareAndSet(segment, offset, word, word - 1)) {
                throw new TimeoutException("barrier timed out after " + timeout + " " + unit.toString().toLowerCase(Locale.ROOT)
                        + " with " + (word & ARRIVALS_MASK) + " of " + parties + " parties arrived");
            }
        }
    }
}
