package dev.shmc.engine.coordinator;

import dev.shmc.engine.api.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * <p>When the store cannot be opened, or a call fails, {@code warnings} gets one line and the job
 * goes on: writes are then dropped and reads find nothing. A process killed before its queue
 * drains loses the calls still queued (a job started a moment before is not listed; a resume
 * computes the last few chunks again). Thread-safe.
 */
public final class BackgroundJobStore implements JobStore {
    private final ExecutorService thread;
    private final Consumer<String> warnings;
    /** Set by the store's thread only. */
    private JobStore store = JobStore.NONE;

    /**
     * Starts opening a store.
     *
     * @param opener   opens the store (runs on the store's thread)
     * @param warnings receives one line when {@code opener} or a later call fails
     */
    public BackgroundJobStore(Supplier<? extends JobStore> opener, Consumer<String> warnings) {
        this.warnings = warnings;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            // a daemon: a caller that never closes must not keep the JVM alive
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

    /** Waits for every queued call, then closes the store. Idempotent. */
    @Override
    public void close() {
        try {
            thread.execute(() -> guarded(() -> store.close()));
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        thread.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the writes still finish: they are what a resume needs
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Runnable call) {
        try {
            thread.execute(() -> guarded(call));
        } catch (RejectedExecutionException closed) {
            // after close: dropped, as a closed ChronicleJobStore drops it
        }
    }

    /** Runs a call; a failure becomes a warning, and a failed open leaves the store at NONE. */
    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            warnings.accept(String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        }
    }

    private <T> T read(T whenClosed, Callable<T> call) {
        try {
            return thread.submit(call).get();
        } catch (RejectedExecutionException closed) {
            return whenClosed;
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
}
