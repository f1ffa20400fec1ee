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
    private long count;
    private long parkNanos;

    public IdleStrategy() {
        this(ShmConfig.IDLE_SPINS, ShmConfig.IDLE_YIELDS, ShmConfig.IDLE_MAX_PARK_NANOS);
    }

    public IdleStrategy(int spins, int yields, long maxParkNanos) {
        this.spins = spins;
        this.yields = yields;
        this.maxParkNanos = maxParkNanos;
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
            parkNanos = Math.min(maxParkNanos, parkNanos * 2);
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
