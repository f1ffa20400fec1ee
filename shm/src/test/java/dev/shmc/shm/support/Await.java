package dev.shmc.shm.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition with a generous deadline, instead of sleeping a fixed time. The
 * condition is polled at 1 ms, then less often up to every 20 ms: a cheap condition is seen at
 * once, and one that asks another process (a cluster's status) does not load the machine.
 */
public final class Await {
    private Await() {
    }

    /** Deadline for things that happen in well under a second on an idle machine. */
    public static final Duration LONG_ENOUGH = Duration.ofSeconds(60);

    private static final long FIRST_POLL_NANOS = Duration.ofMillis(1).toNanos();
    private static final long LONGEST_POLL_NANOS = Duration.ofMillis(20).toNanos();

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError naming {@code what} if {@code deadline} passes first
     */
    public static void await(String what, BooleanSupplier condition, Duration deadline) {
        awaitUntil(condition, System.nanoTime() + deadline.toNanos(), () -> "timed out after " + deadline + " waiting for " + what);
    }

    /** {@link #await(String, BooleanSupplier, Duration)} with {@link #LONG_ENOUGH}. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, LONG_ENOUGH);
    }

    /**
     * Polls {@code condition} until it holds, for waits that share one deadline (a {@code System.nanoTime()} value).
     *
     * @throws AssertionError with the message {@code failure} gives (built then, so it can show the state) if the deadline passes first
     */
    public static void awaitUntil(BooleanSupplier condition, long deadlineNanos, Supplier<String> failure) {
        long poll = FIRST_POLL_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw new AssertionError(failure.get());
            }
            LockSupport.parkNanos(poll);
            poll = Math.min(LONGEST_POLL_NANOS, 2 * poll);
        }
    }
}
