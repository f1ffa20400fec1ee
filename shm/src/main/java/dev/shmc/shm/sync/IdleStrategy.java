package dev.shmc.shm.sync;

import dev.shmc.shm.ShmConfig;
import java.util.concurrent.locks.LockSupport;

/**
 * Backs off while waiting for shared memory to change: spin, then yield, then park with a
 * doubling time up to {@link ShmConfig#IDLE_MAX_PARK_NANOS}. Not thread-safe: one per waiter.
 */
public final class IdleStrategy {
    private final int spins;
    private final int yields;
    private final long maxParkNanos;
    private final long longParkNanos;
    private long count;
    private long parkNanos;

    /** The default: for waiters that may idle for long (workers between jobs); parks grow to {@link ShmConfig#IDLE_LONG_PARK_NANOS}. */
    public IdleStrategy() {
        this(ShmConfig.IDLE_SPINS, ShmConfig.IDLE_YIELDS, ShmConfig.IDLE_MAX_PARK_NANOS, ShmConfig.IDLE_LONG_PARK_NANOS);
    }

    /** Like the default, but spins {@code spins} times before yielding. */
    public static IdleStrategy withSpins(int spins) {
        return new IdleStrategy(spins, ShmConfig.IDLE_YIELDS, ShmConfig.IDLE_MAX_PARK_NANOS, ShmConfig.IDLE_LONG_PARK_NANOS);
    }

    /** Parks never longer than {@code maxParkNanos}. */
    public IdleStrategy(int spins, int yields, long maxParkNanos) {
        this(spins, yields, maxParkNanos, maxParkNanos);
    }

    /** Parks up to {@code maxParkNanos}, and up to {@code longParkNanos} once it has parked for about a second. */
    public IdleStrategy(int spins, int yields, long maxParkNanos, long longParkNanos) {
        this.spins = spins;
        this.yields = yields;
        this.maxParkNanos = maxParkNanos;
        this.longParkNanos = Math.max(maxParkNanos, longParkNanos);
        reset();
    }

    /** Waits a little; call in a loop that re-checks its condition. */
    public void idle() {
        count++;
        if (count <= spins) {
            Thread.onSpinWait();
        } else if (count <= (long) spins + yields) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            long cap = count - spins - yields > ShmConfig.IDLE_PARKS_BEFORE_LONG ? longParkNanos : maxParkNanos;
            parkNanos = Math.min(cap, parkNanos * 2);
        }
    }

    /** True once spinning and yielding are over: the next {@link #idle()} parks (callers may block instead). */
    public boolean isParking() {
        return count >= (long) spins + yields;
    }

    /** Call when the awaited thing happened: the next wait starts spinning again. */
    public void reset() {
        count = 0;
        parkNanos = 1_000;
    }
}
