package dev.shmc.registry;

import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.api.JobStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link JobStore} that opens another one on a thread of its own and hands every call to that
 * thread, in order: a job starts while the registry is still opening, and the coordinator never
 * waits for a registry write. Opening the Chronicle registry in a fresh JVM is about a second of
 * class loading, as long as a whole small job.
 *
 * <p>Writes return at once; reads ({@code find}, {@code list}, {@code finishedChunks}) wait for
 * the open and for the calls queued before them, so a process reads its own writes.
 * {@link #close()} waits until every queued call is done, then closes the store.
 *
 * <p>Every wait is bounded: when one call (the open included) has run for {@link
 * EngineConfig#REGISTRY_STALL_TIMEOUT_MS} (a lock never freed, a file system that hangs),
 * {@code warnings} gets one line, the waiter goes on as if the store were closed (a read finds
 * nothing), and later calls are dropped; the stuck thread is a daemon and does not keep the JVM.
 *
 * <p>When the store cannot be opened, or a call fails, {@code warnings} gets one line and the job
 * goes on: writes are then dropped and reads find nothing. A process killed before its queue
 * drains loses the calls still queued (a job started a moment before is not listed; a resume
 * computes the last few chunks again). Thread-safe.
 */
public final class BackgroundJobStore implements JobStore {
    private final ExecutorService thread;
    private final Consumer<String> warnings;
    private final long stallNanos;
    /** Set by the store's thread only. */
    private JobStore store = JobStore.NONE;
    /** Whether the store's thread is in a call, and since when (read by waiters to tell a slow call from a stuck one). */
    private volatile boolean inCall;
    private volatile long callStartNanos;
    private volatile boolean stalled;

    /**
     * Starts opening a store.
     *
     * @param opener   opens the store (runs on the store's thread)
     * @param warnings receives one line when {@code opener} or a later call fails, or a call hangs
     */
    public BackgroundJobStore(Supplier<? extends JobStore> opener, Consumer<String> warnings) {
        this(opener, warnings, RegistryConfig.REGISTRY_STALL_TIMEOUT_MS);
    }

    /** With another stall bound, for tests. */
    BackgroundJobStore(Supplier<? extends JobStore> opener, Consumer<String> warnings, long stallMillis) {
        this.warnings = warnings;
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            // a daemon: a caller that never closes, or a call that never returns, must not keep the JVM alive
            Thread t = new Thread(r, "shmc-registry");
            t.setDaemon(true);
            return t;
        });
        enqueue(() -> store = opener.get());
    }

    @Override
    public void started(JobRecord job) {
        enqueue(() -> store.started(job));
    }

    @Override
    public void chunkDone(String jobId, long chunk, long[] words) {
        long[] copy = words.clone(); // the caller may reuse its array before the write runs
        enqueue(() -> store.chunkDone(jobId, chunk, copy));
    }

    @Override
    public void finished(String jobId, JobStatus status, long chunksDone, String result, long finishedAtMillis) {
        enqueue(() -> store.finished(jobId, status, chunksDone, result, finishedAtMillis));
    }

    @Override
    public Map<Long, long[]> finishedChunks(String jobId) {
        return read(Map.of(), () -> store.finishedChunks(jobId));
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return read(Optional.empty(), () -> store.find(jobId));
    }

    @Override
    public List<JobRecord> list() {
        return read(List.of(), () -> store.list());
    }

    /** Waits for every queued call, then closes the store; gives up on a call that hangs. Idempotent. */
    @Override
    public void close() {
        try {
            thread.execute(() -> tracked(() -> guarded(() -> store.close())));
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        thread.shutdown();
        if (stalled) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                // interrupts do not cut this short: the writes still finish, they are what a resume needs
                if (!awaitProgress(nanos -> thread.awaitTermination(nanos, TimeUnit.NANOSECONDS))) {
                    stall();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Runnable call) {
        if (stalled) {
            return;
        }
        try {
            thread.execute(() -> tracked(() -> guarded(call)));
        } catch (RejectedExecutionException closed) {
            // after close: dropped, as a closed ChronicleJobStore drops it
        }
    }

    /** Runs a call (none after a stall); a failure becomes a warning, and a failed open leaves the store at NONE. */
    private void guarded(Runnable call) {
        if (stalled) {
            return; // the caller stopped waiting: what was queued behind the hung call is dropped
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            warnings.accept(String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        }
    }

    private void tracked(Runnable call) {
        callStartNanos = System.nanoTime();
        inCall = true;
        try {
            call.run();
        } finally {
            inCall = false;
        }
    }

    private <T> T trackedCall(Callable<T> call) throws Exception {
        callStartNanos = System.nanoTime();
        inCall = true;
        try {
            return call.call();
        } finally {
            inCall = false;
        }
    }

    private <T> T read(T whenClosed, Callable<T> call) {
        if (stalled) {
            return whenClosed;
        }
        Future<T> result;
        try {
            result = thread.submit(() -> trackedCall(call));
        } catch (RejectedExecutionException closed) {
            return whenClosed;
        }
        try {
            if (!awaitProgress(nanos -> isDone(result, nanos))) {
                stall();
                return whenClosed;
            }
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return whenClosed;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static boolean isDone(Future<?> f, long nanos) throws InterruptedException {
        try {
            f.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // done, with a failure the caller rethrows
        }
        return true;
    }

    /** A wait for something the store's thread does, for at most so long. */
    private interface Wait {
        boolean await(long nanos) throws InterruptedException;
    }

    /**
     * Waits for {@code wait} as long as the store's thread gets on: false when the call it is in
     * has run for the stall bound. A long queue of quick calls is waited for, however long.
     */
    private boolean awaitProgress(Wait wait) throws InterruptedException {
        while (true) {
            boolean busy = inCall;
            long left = busy ? callStartNanos + stallNanos - System.nanoTime() : stallNanos;
            if (busy && left <= 0) {
                return false;
            }
            if (wait.await(Math.max(left, 1))) {
                return true;
            }
        }
    }

    private void stall() {
        if (!stalled) {
            stalled = true; // not interrupted: Chronicle's waits ignore it, and a FileChannel would close
            warnings.accept("the job registry did not answer for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) / 1000.0
                    + " s (a lock that is never freed?); going on without it, this job's last records are lost");
        }
    }
}
