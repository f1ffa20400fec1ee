package dev.shmc.bench.harness;

import dev.shmc.shm.sync.IdleStrategy;

/**
 * The tunables of the bench harness that are not run sizes (sizes are per suite and per
 * {@link Size}, stated in each suite's description in summary.md).
 */
public final class BenchConfig {
    private BenchConfig() {
    }

    /**
     * Spins, yields and longest park of a thread waiting on a {@link dev.shmc.shm.queue.SharedQueue}
     * in the queue suite: short spins, because its pipeline runs producer, consumer and W workers on
     * the machine's cores at once, and a long spinner keeps the very thread it waits for off the CPU.
     */
    public static final int QUEUE_IDLE_SPINS = Integer.getInteger("shmc.bench.queueIdleSpins", 200);

    /** See {@link #QUEUE_IDLE_SPINS}. */
    public static final int QUEUE_IDLE_YIELDS = Integer.getInteger("shmc.bench.queueIdleYields", 50);

    /** See {@link #QUEUE_IDLE_SPINS}; nanoseconds. */
    public static final long QUEUE_IDLE_MAX_PARK_NANOS = Long.getLong("shmc.bench.queueIdleMaxParkMicros", 50) * 1000L;

    /** A new idle strategy for a queue waiter. */
    public static IdleStrategy queueIdle() {
        return new IdleStrategy(QUEUE_IDLE_SPINS, QUEUE_IDLE_YIELDS, QUEUE_IDLE_MAX_PARK_NANOS);
    }
}
