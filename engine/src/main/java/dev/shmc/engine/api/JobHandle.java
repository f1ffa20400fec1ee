package dev.shmc.engine.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A submitted job: its future result, progress and cancellation. Thread-safe. */
public interface JobHandle {
    /** The job's id (also its key in the job registry). */
    String id();

    /**
     * The result: completes normally with status COMPLETED, FOUND or CANCELLED, or exceptionally
     * with {@link JobFailedException} when a kernel threw.
     */
    CompletableFuture<JobResult> future();

    /** Fraction of work units finished, 0 to 1 (from a shared counter of finished chunks). */
    double progress();

    /** Asks every worker to stop at its next poll; the job then completes with status CANCELLED. */
    void cancel();

    /**
     * Waits for the result.
     *
     * @throws TimeoutException   if it did not finish in time
     * @throws JobFailedException if a kernel threw
     */
    default JobResult await(Duration timeout) throws TimeoutException {
        // A short job is often done within microseconds: yield a little before parking.
        for (int i = 0; i < 2_000 && !future().isDone(); i++) {
            Thread.yield();
        }
        try {
            return future().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException("interrupted while waiting for job " + id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JobFailedException f) {
                throw f;
            }
            throw new JobFailedException("job " + id() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits as long as it takes. */
    default JobResult await() {
        try {
            return await(Duration.ofDays(365));
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
