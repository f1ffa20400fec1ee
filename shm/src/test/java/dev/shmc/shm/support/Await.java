package dev.shmc.shm.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a generous deadline, instead of sleeping a fixed time. */
public final class Await {
    private Await() {
    }

    /** Deadline for things that happen in well under a second on an idle machine. */
    public static final Duration LONG_ENOUGH = Duration.ofSeconds(60);

    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError naming {@code what} if {@code deadline} passes first
     */
    public static void await(String what, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** {@link #await(String, BooleanSupplier, Duration)} with {@link #LONG_ENOUGH}. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, LONG_ENOUGH);
    }
}
